#include "logfollower.h"

#include "../supervise/processes.h"
#include "controlprobe.h"

#include <QCborMap>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

namespace bench {

using workhost::ControlClient;
using workhost::ControlEvent;

LogFollower::LogFollower(QString socketPath, qint64 expectedLines, double timeoutSeconds)
    : m_socketPath(std::move(socketPath))
    , m_expectedLines(expectedLines)
    , m_timeoutSeconds(timeoutSeconds)
{}

LogFollower::~LogFollower()
{
    stop();
    if (m_thread)
        m_thread->wait();
}

void LogFollower::start()
{
    auto task = std::make_shared<std::packaged_task<FollowResult()>>([this] { return follow(); });
    m_result = task->get_future();
    m_thread.reset(QThread::create([task] { (*task)(); }));
    m_thread->start();
}

FollowResult LogFollower::result()
{
    m_result.wait();
    return m_result.get();
}

FollowResult LogFollower::follow()
{
    FollowResult result;
    ControlProbe probe;
    if (!probe.connectTo(m_socketPath, 30)) {
        m_failed.store(true);
        result.error = "cannot connect to " + m_socketPath;
        return result;
    }
    result.connected = true;
    QEventLoop loop;
    QObject::connect(&probe.client(), &ControlClient::eventReceived, &loop,
                     [&](const ControlEvent &event) {
                         const QCborMap payload = event.payload.toMap();
                         if (payload.contains(QStringLiteral("dropped")))
                             result.dropped += payload.value(QStringLiteral("dropped")).toInteger();
                         else if (payload.contains(QStringLiteral("lost")))
                             result.lost += payload.value(QStringLiteral("lost")).toInteger();
                         else if (payload.value(QStringLiteral("message"))
                                      .toString()
                                      .startsWith(QStringLiteral("bench c"))) {
                             result.lastAt = monotonicSeconds();
                             if (result.lines++ == 0)
                                 result.firstAt = result.lastAt;
                         }
                         result.lastEventAt = monotonicSeconds();
                         // Every line came, or the host said which it will not send.
                         if (m_expectedLines > 0 &&
                             result.lines + result.dropped + result.lost >= m_expectedLines)
                             loop.quit();
                     });
    QObject::connect(&probe.client(), &ControlClient::disconnected, &loop, &QEventLoop::quit);
    const auto reply =
        probe.call(QStringLiteral("subscribe"), QCborMap{{QStringLiteral("stream"), "logs"}}, 30);
    if (!reply || reply->isError()) {
        m_failed.store(true);
        result.error = reply ? reply->error->message : QStringLiteral("no reply to subscribe");
        return result;
    }
    m_subscribed.store(true);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        // Stopped, or nothing for 3 s after the first line: the rest will not come.
        if (m_stop.load() || (result.lines > 0 && monotonicSeconds() - result.lastEventAt > 3))
            loop.quit();
    });
    poll.start(20);
    QTimer::singleShot(static_cast<int>(m_timeoutSeconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    return result;
}

} // namespace bench
