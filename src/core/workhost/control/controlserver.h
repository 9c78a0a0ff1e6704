#pragma once

#include <workhost/control/controlserveroptions.h>
#include <workhost/control/deferredreply.h>
#include <workhost/control/peercredentials.h>
#include <workhost/control/protocolmessages.h>

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QLocalServer;
class QLocalSocket;

namespace workhost {

class ControlConnection;
class Host;
class StreamHub;

// A host's control socket (docs/PROTOCOL.md): a QLocalServer on an absolute
// path in the RuntimeDirectory, created with QLocalServer::UserAccessOption,
// that also checks every client's uid with SO_PEERCRED and refuses (and
// logs) any user but this process's own. Each client gets the hello, then an
// answer to each request: "status" (the host's state and every service's
// status), "subscribe" (the "statuses" and "logs" streams, see StreamHub)
// and the methods set with setMethod(), an error for any other. A client whose outgoing
// queue passes ControlServerOptions::maxQueuedBytes is dropped and logged.
//
//   ControlServer server(host, {.configPath = path});
//   if (!server.listen(runtimeDirectory.socketPath(path))) ... server.errorString() ...
//
// Owner: whoever owns the host, on the host's thread (every call there; the
// requests are answered there, from Host's own methods). Nothing crosses
// threads. Destroy it before the host.
class ControlServer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ControlServer)

public:
    explicit ControlServer(Host &host, ControlServerOptions options = {},
                           QObject *parent = nullptr);
    ~ControlServer() override;

    // Listens on `socketPath`. A socket file no server answers on (a host that
    // crashed) is removed first; a path where a server answers, or that is no
    // socket, is refused: false, errorString() says why. Take the instance lock
    // (RuntimeDirectory::lockPath()) first: with UserAccessOption, Qt 6.4 binds
    // beside the path and renames over it, so of two hosts that passed the
    // check at the same moment the later would silently take the path.
    bool listen(const QString &socketPath);
    void close();
    bool isListening() const;
    QString socketPath() const { return m_socketPath; }
    QString errorString() const { return m_error; }
    int clientCount() const;
    // Events not sent to slow clients (each was told with a "dropped" event), all clients.
    quint64 droppedEvents() const;
    // Events the stream called `stream` has encoded (0: no such stream). "logs"
    // encodes none while no client subscribes to it (docs/PROTOCOL.md, Streams).
    quint64 encodedEvents(const QString &stream) const;

    // Answers requests for `method` (on the host's thread) from now on; the
    // server itself answers "status". A method not set gets unknownMethod.
    using Method = std::function<ControlReply(const ControlRequest &request)>;
    void setMethod(const QString &method, Method answer);
    // The same for a method that answers later, through `reply` (a reload
    // answers once it has finished). Until it does, that client's further
    // requests wait; its events still flow. Replaces a Method of the same name.
    using DeferredMethod = std::function<void(const ControlRequest &request, DeferredReply reply)>;
    void setDeferredMethod(const QString &method, DeferredMethod answer);

Q_SIGNALS:
    // A client was refused (another uid, too many) or dropped (stuck, unreadable):
    // the line the server logged.
    void clientRefused(const QString &reason);

private:
    bool clearStaleSocket(const QString &socketPath);
    void acceptPending();
    void accept(QLocalSocket *socket);
    QString refusalFor(const std::optional<PeerCredentials> &peer, const QString &error);
    void refuse(const QString &reason);
    ControlHello hello() const;
    std::optional<ControlReply> answer(ControlConnection &connection,
                                       const ControlRequest &request) const;
    ControlReply status(const ControlRequest &request) const;

    Host &m_host;
    const ControlServerOptions m_options;
    QLocalServer *m_server;
    StreamHub *m_streams;
    QList<QPointer<ControlConnection>> m_connections;
    QHash<QString, Method> m_methods;
    QHash<QString, DeferredMethod> m_deferredMethods;
    QString m_socketPath;
    QString m_error;
};

} // namespace workhost
