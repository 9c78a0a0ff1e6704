#pragma once

// One client following a host's "logs" stream, as `workhost ctl logs -f`
// would, on a thread of its own (QThread::create), so that four followers are
// four clients the host serves, not one bench thread decoding for all.
// It counts the bench's lines ("bench c..."), the events it was told it
// missed (dropped, lost) and when the first and the last line arrived.
//
// Threads: start() and the result are called from the bench's thread; the
// client lives and dies on the follower's thread. Only the atomics and the
// FollowResult value cross.

#include <QString>

#include <atomic>
#include <future>
#include <memory>

class QThread;

namespace bench {

struct FollowResult
{
    bool connected = false;
    qint64 lines = 0;       // the bench's lines received
    qint64 dropped = 0;     // events the host said it did not send this client
    qint64 lost = 0;        // records the host's live sink let go before the server read them
    double firstAt = 0;     // monotonic seconds of the first line
    double lastAt = 0;      // of the last
    double lastEventAt = 0; // of the last event of any kind
    QString error;
    double linesPerSecond() const
    {
        return lastAt > firstAt ? (lines - 1) / (lastAt - firstAt) : 0;
    }
};

class LogFollower
{
public:
    // Follows until `expectedLines` arrived or were said dropped (0: until
    // stop()), nothing came for 3 s after the first line, the connection ends,
    // or `timeoutSeconds` passed.
    LogFollower(QString socketPath, qint64 expectedLines, double timeoutSeconds);
    ~LogFollower(); // stops and joins
    LogFollower(const LogFollower &) = delete;
    LogFollower &operator=(const LogFollower &) = delete;

    void start();
    bool subscribed() const { return m_subscribed.load(); }
    bool failed() const { return m_failed.load(); }
    void stop() { m_stop.store(true); }
    // Waits (bounded by the timeout given) for the end; the figures.
    FollowResult result();

private:
    FollowResult follow();

    const QString m_socketPath;
    const qint64 m_expectedLines;
    const double m_timeoutSeconds;
    std::atomic<bool> m_subscribed{false};
    std::atomic<bool> m_failed{false};
    std::atomic<bool> m_stop{false};
    std::future<FollowResult> m_result;
    std::unique_ptr<QThread> m_thread;
};

} // namespace bench
