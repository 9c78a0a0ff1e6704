#include "ctl/hostconnection.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace workhost::ctl {

HostConnection::HostConnection(HostAddress address, QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
{
    connect(&m_client, &ControlClient::helloReceived, this, [this] {
        m_everConnected = true;
        wake();
    });
    connect(&m_client, &ControlClient::replyReceived, this, [this](const ControlReply &reply) {
        m_replies.insert(reply.id, reply);
        m_newestReplyId = std::max(m_newestReplyId, reply.id);
        wake();
    });
    connect(&m_client, &ControlClient::eventReceived, this, [this](const ControlEvent &event) {
        if (onEvent)
            onEvent(event);
        wake();
    });
    connect(&m_client, &ControlClient::protocolError, this, [this](const QString &message) {
        if (m_protocolError.isEmpty())
            m_protocolError = message;
        wake();
    });
    connect(&m_client, &ControlClient::disconnected, this, [this] {
        m_closed = true;
        wake();
    });
}

void HostConnection::wake()
{
    if (m_loop)
        m_loop->quit();
}

bool HostConnection::open()
{
    if (!QFileInfo::exists(m_address.socketPath)) {
        m_closed = true; // never connected: failure() says "no host"
        return false;
    }
    m_client.connectTo(m_address.socketPath);
    m_everConnected = m_client.isConnected();
    m_waitingFor = QStringLiteral("the host's hello");
    m_waitedFor = replyTimeout;
    return waitUntil([this] { return m_client.hello().has_value(); }, replyTimeout);
}

std::optional<ControlReply> HostConnection::call(const QString &method, const QCborMap &params,
                                                 std::chrono::milliseconds timeout)
{
    return await(send(method, params), timeout);
}

qint64 HostConnection::send(const QString &method, const QCborMap &params)
{
    m_waitingFor = QStringLiteral("the reply to %1").arg(method);
    return m_client.request(method, params);
}

std::optional<ControlReply> HostConnection::await(qint64 id, std::chrono::milliseconds timeout)
{
    if (id == 0) { // not connected (any more)
        m_closed = true;
        return std::nullopt;
    }
    m_waitedFor = timeout;
    if (!waitUntil([&] { return m_replies.contains(id); }, timeout))
        return std::nullopt;
    return m_replies.take(id);
}

bool HostConnection::waitUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline =
        timeout.count() < 0 ? QDeadlineTimer(QDeadlineTimer::Forever) : QDeadlineTimer(timeout);
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QEventLoop *const outer = m_loop;
    m_loop = &loop;
    bool reached = done();
    while (!reached && !m_closed && !deadline.hasExpired()) {
        if (!deadline.isForever())
            timer.start(std::max<qint64>(1, deadline.remainingTime()));
        loop.exec();
        reached = done();
    }
    m_loop = outer;
    m_timedOut = !reached && !m_closed;
    return reached;
}

bool HostConnection::waitForClose(std::chrono::milliseconds timeout)
{
    m_waitingFor = QStringLiteral("the host to stop");
    return waitUntil([this] { return m_closed; }, timeout);
}

bool HostConnection::endedByHost() const
{
    return m_closed && m_everConnected && m_client.hello() && m_protocolError.isEmpty();
}

HostConnection::Failure HostConnection::failure() const
{
    if (!m_everConnected && m_closed)
        return {CtlExit::NoHost,
                QStringLiteral("no host answers on %1 (%2); %3")
                    .arg(m_address.socketPath, m_address.describe(), m_address.howToStart())};
    if (!m_protocolError.isEmpty())
        return {CtlExit::ProtocolError, QStringLiteral("protocol error: %1").arg(m_protocolError)};
    if (m_closed && !m_client.hello())
        return {CtlExit::ProtocolError,
                QStringLiteral("%1 closed the connection before its hello (another user's "
                               "socket, or too many clients)")
                    .arg(m_address.describe())};
    if (m_closed)
        return {CtlExit::ProtocolError,
                QStringLiteral("the connection to %1 was lost").arg(m_address.describe())};
    return {CtlExit::ProtocolError, QStringLiteral("no answer from %1 within %2 s (waiting for %3)")
                                        .arg(m_address.describe())
                                        .arg(double(m_waitedFor.count()) / 1000.0)
                                        .arg(m_waitingFor)};
}

int HostConnection::reportFailure() const
{
    const Failure failed = failure();
    std::fprintf(stderr, "workhost-ctl: %s\n", qUtf8Printable(failed.message));
    return toInt(failed.code);
}

int HostConnection::reportError(const QString &method, const ControlReply &reply)
{
    std::fprintf(stderr, "workhost-ctl: %s: %s (%s)\n", qUtf8Printable(method),
                 qUtf8Printable(reply.error->message), qUtf8Printable(reply.error->code));
    return toInt(CtlExit::Failed);
}

} // namespace workhost::ctl
