#pragma once

#include <workhost/control/framedecoder.h>
#include <workhost/control/protocolmessages.h>

#include <QObject>

#include <optional>

class QLocalSocket;

namespace workhost {

// A client of a host's control socket: connects, reads the hello, sends
// requests (numbered 1, 2, 3 ...) and reports each reply and event as it
// comes. What the host sends that this client cannot read (a bad frame, a
// message of the wrong kind, a hello of another protocol version) is a
// protocolError(), after which the client disconnects.
//
//   client.connectTo(runtimeDirectory.socketPath(configPath));
//   // helloReceived(hello) ... then:
//   const qint64 id = client.request("status");  // replyReceived(reply) with reply.id == id
//
// Owner: whoever makes it, on one thread with an event loop; the values its
// signals carry are plain values.
class ControlClient : public QObject
{
    Q_OBJECT

public:
    explicit ControlClient(QObject *parent = nullptr);
    ~ControlClient() override;

    void connectTo(const QString &socketPath);
    void disconnectFromHost();
    bool isConnected() const;
    // The host's hello, once received.
    const std::optional<ControlHello> &hello() const { return m_hello; }
    // Sends a request; its id, or 0 when not connected.
    qint64 request(const QString &method, const QCborMap &params = {});

Q_SIGNALS:
    void helloReceived(const workhost::ControlHello &hello);
    void replyReceived(const workhost::ControlReply &reply);
    void eventReceived(const workhost::ControlEvent &event);
    void protocolError(const QString &message);
    // The connection ended, or a connectTo() failed.
    void disconnected();

private:
    bool handleFrame(const DecodedFrame &frame);
    bool handleMessage(const QCborMap &message);
    void fail(const QString &message);
    void onDisconnected();

    QLocalSocket *m_socket;
    FrameDecoder m_decoder;
    std::optional<ControlHello> m_hello;
    qint64 m_nextId = 1;
    bool m_connecting = false; // connectTo() called, not connected yet
};

} // namespace workhost
