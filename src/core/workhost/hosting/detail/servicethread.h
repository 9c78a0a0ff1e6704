#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/stoptoken.h>
#include <workhost/platform/threadcpuclock.h>

#include <QDeadlineTimer>
#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>

namespace workhost {

class Service;

// The thread of one run of one service (internal to the host). A new one is
// made for every start, named after the service, so that a thread the host
// had to abandon never blocks a later start of another service.
//
// Owner: the service's ServiceController, on the host's thread; it lives
// (as a QObject) on that thread. run() executes the service on the new thread
// and shares ownership of the service while it does.
//
// Emits, from the service's thread, queued to the controller, in this order:
// serviceStarted() at most once, then runEnded() exactly once. Once finished it
// deletes itself, on the owner's thread, after the controller handled runEnded.
class ServiceThread : public QThread
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceThread)

public:
    ServiceThread(std::shared_ptr<Service> service, int runId);
    ~ServiceThread() override;

    int runId() const { return m_runId; }

    // --- for the service's code, on this thread ---
    StopToken token() const { return StopToken(m_stop.get_token()); }
    void reportStarted();
    // Runs an event loop until stop is requested or quitEventLoop() is called.
    void runEventLoop();
    void quitEventLoop() { quit(); }

    // --- for the owner, from any thread ---
    // Requests stop by `deadline`: the token fires and the event loop, if any,
    // quits. Returns at once.
    void requestStop(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // The deadline of the stop request (Forever before one).
    QDeadlineTimer stopDeadline() const;
    // CPU time this thread has used so far (final once it has ended); nothing
    // when the system cannot tell (no per-thread CPU clock), never a guess.
    std::optional<std::chrono::nanoseconds> cpuTime() const;
    // The host gives up on this thread; it still deletes itself if it ever ends.
    void abandon();
    // Threads abandoned by a host that have not ended: counted until Qt is
    // done with them too (QThread::wait() returns: finished() delivered, the
    // event dispatcher deleted), not merely until the service's code returned,
    // so that finishProcess() never lets static destructors run under them.
    static int abandonedCount();

Q_SIGNALS:
    void serviceStarted(int runId);
    // The outcome travels as an int (a RunOutcome): Qt copies the arguments of a
    // queued signal into its event with the copy constructor of their meta type,
    // which for a type of ours is compiled into our code, seen by
    // ThreadSanitizer, while the event queue that orders the copy before the
    // slot's read is Qt's, not seen (see .ci/tsan.supp). Built-in types are
    // copied inside Qt, like the QString.
    void runEnded(int runId, int outcome, const QString &error, bool inStartup);

protected:
    void run() override;
    bool event(QEvent *event) override;

private:
    void onFinished(); // on this thread, last

    const std::shared_ptr<Service> m_service;
    const int m_runId;
    std::stop_source m_stop;
    std::atomic<bool> m_finished = false; // see onFinished()

    mutable std::mutex m_mutex; // guards the fields below
    ThreadCpuClock m_cpuClock;  // valid while m_running
    bool m_running = false;
    std::optional<std::chrono::nanoseconds> m_finalCpuTime{std::chrono::nanoseconds(0)};
    QDeadlineTimer m_stopDeadline{QDeadlineTimer::Forever};

    bool m_abandoned = false; // guarded by the registry of abandoned threads (see .cpp)
};

} // namespace workhost
