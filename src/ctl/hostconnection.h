#pragma once

#include "ctl/ctlexitcode.h"
#include "ctl/hostaddress.h"

#include <workhost/control/controlclient.h>

#include <QHash>
#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

class QEventLoop;

namespace workhost::ctl {

// workhost-ctl's one connection to a host: connects and reads the hello
// (open()), sends requests and waits for their replies (call()), hands every
// event to onEvent, and waits for a condition with a bound (waitUntil()).
// Each wait runs the event loop until what it waits for came, the bound
// passed or the connection ended; a false return leaves the reason in
// failure() (a message and the exit status that goes with it).
//
//   HostConnection connection(HostAddress::choose(line));
//   if (!connection.open()) return connection.reportFailure();
//   const std::optional<ControlReply> reply = connection.call("status");
//
// Owner: main(), on the main thread, for the whole run.
class HostConnection : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostConnection)

public:
    // The bound on the hello and on each reply.
    static constexpr std::chrono::seconds replyTimeout{30};

    explicit HostConnection(HostAddress address, QObject *parent = nullptr);

    bool open();
    // The reply (an error reply too); nothing when none came (failure() says why).
    std::optional<ControlReply> call(const QString &method, const QCborMap &params = {},
                                     std::chrono::milliseconds timeout = replyTimeout);
    // call() in two steps, for a caller that must know the id before the reply
    // comes: events that follow a reply can arrive with it, before await() returns.
    qint64 send(const QString &method, const QCborMap &params = {});
    std::optional<ControlReply> await(qint64 id, std::chrono::milliseconds timeout = replyTimeout);
    // The reply to `id` has arrived (replies come in request order).
    bool hasReplied(qint64 id) const { return id != 0 && m_newestReplyId >= id; }
    // Runs events until done() is true (true), the connection ends or `timeout`
    // passes (false; timedOut() tells which). A negative timeout: no bound.
    bool waitUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout);
    // Runs events until the host closes the connection; false at the bound.
    bool waitForClose(std::chrono::milliseconds timeout);

    // Called for every event, in the order they came.
    std::function<void(const ControlEvent &)> onEvent;

    const HostAddress &address() const { return m_address; }
    const ControlHello &hello() const { return *m_client.hello(); }
    bool isClosed() const { return m_closed; }
    // The host closed a connection that worked (it stopped, or let this client
    // go): no protocol error, the hello read.
    bool endedByHost() const;
    bool timedOut() const { return m_timedOut; }

    struct Failure
    {
        CtlExit code = CtlExit::Failed;
        QString message;
    };
    Failure failure() const;
    // Prints failure() on stderr; its exit status.
    int reportFailure() const;
    // Prints a reply's error on stderr ("workhost-ctl: <method>: <message>"); exit status 1.
    static int reportError(const QString &method, const ControlReply &reply);

private:
    void wake();

    HostAddress m_address;
    ControlClient m_client;
    QHash<qint64, ControlReply> m_replies;
    qint64 m_newestReplyId = 0;
    QEventLoop *m_loop = nullptr; // the wait in progress, if any
    bool m_everConnected = false;
    bool m_closed = false;
    bool m_timedOut = false;
    QString m_protocolError;
    QString m_waitingFor; // "the hello", "the reply to status": for a timeout message
    std::chrono::milliseconds m_waitedFor = replyTimeout;
};

} // namespace workhost::ctl
