#include <workhost/hosting/detail/servicethread.h>

#include <workhost/hosting/service.h>

#include <QCoreApplication>
#include <QList>

namespace workhost {

namespace {

// Posted by a finished thread to its own object, which lives on the owner's
// thread: a plain posted event, so it queues behind runEnded(), posted earlier.
// (deleteLater() from the thread would not: DeferredDelete events can jump the
// queue, as QCoreApplication::sendPostedEvents(nullptr, DeferredDelete) in
// QTest::qWait() and qWaitFor() does, and free us before the controller's handling.)
const auto finishedEvent = static_cast<QEvent::Type>(QEvent::registerEventType());

// The threads a host gave up on, until each has really ended. Never destroyed:
// an abandoned thread may outlive main()'s statics.
struct AbandonedThreads
{
    std::mutex mutex;
    QList<ServiceThread *> threads;
};

AbandonedThreads &abandonedThreads()
{
    static auto *registry = new AbandonedThreads;
    return *registry;
}

} // namespace

ServiceThread::ServiceThread(std::shared_ptr<Service> service, int runId)
    : m_service(std::move(service))
    , m_runId(runId)
{
    // Qt names the OS thread after objectName(): it shows in gdb and top -H.
    setObjectName(m_service->name());
    // Direct: runs on this thread, after run() and Qt's own use of this object.
    connect(this, &QThread::finished, this, &ServiceThread::onFinished, Qt::DirectConnection);
}

ServiceThread::~ServiceThread()
{
    // Pairs with the release in onFinished(), see there.
    [[maybe_unused]] const bool finished = m_finished.load(std::memory_order_acquire);
    Q_ASSERT_X(!isRunning(), "ServiceThread",
               "a running service thread must be abandoned, not deleted");
    // We may come here (from the event onFinished() posted) while Qt still
    // finishes the thread; from this wait on, Qt is done with it.
    wait();
    AbandonedThreads &abandoned = abandonedThreads();
    std::lock_guard lock(abandoned.mutex);
    abandoned.threads.removeOne(this);
}

void ServiceThread::onFinished()
{
    // This thread's last use of this object. The release pairs with the acquires in
    // event() and the destructor: what the thread did here happens before the owner's
    // thread frees it. Qt's event queue orders that too, but through Qt's own locks,
    // which ThreadSanitizer cannot see (Debian's Qt is not instrumented); so the event
    // is allocated before the release, and nothing of ours is touched after the post.
    auto *finished = new QEvent(finishedEvent);
    m_finished.store(true, std::memory_order_release);
    QCoreApplication::postEvent(this, finished);
}

bool ServiceThread::event(QEvent *event)
{
    // Acquire before reading the event, which the finishing thread allocated.
    const bool finished = m_finished.load(std::memory_order_acquire);
    if (finished && event->type() == finishedEvent) {
        deleteLater(); // from here, behind everything the thread posted
        return true;
    }
    return QThread::event(event);
}

void ServiceThread::reportStarted()
{
    Q_EMIT serviceStarted(m_runId);
}

void ServiceThread::runEventLoop()
{
    // QThread::exec() returns at once if quit() came first, so no stop is missed.
    if (!m_stop.stop_requested())
        exec();
}

void ServiceThread::requestStop(QDeadlineTimer deadline)
{
    {
        std::lock_guard lock(m_mutex);
        if (deadline < m_stopDeadline)
            m_stopDeadline = deadline;
    }
    m_stop.request_stop();
    quit();
}

QDeadlineTimer ServiceThread::stopDeadline() const
{
    std::lock_guard lock(m_mutex);
    return m_stopDeadline;
}

std::optional<std::chrono::nanoseconds> ServiceThread::cpuTime() const
{
    std::lock_guard lock(m_mutex);
    // While m_running holds under the lock the thread exists, so its clock is valid.
    return m_running ? m_cpuClock.read() : m_finalCpuTime;
}

void ServiceThread::abandon()
{
    // Even when its service's code has returned: until Qt is done with the
    // thread, returning from main() would run static destructors under it.
    AbandonedThreads &abandoned = abandonedThreads();
    std::lock_guard lock(abandoned.mutex);
    if (m_abandoned)
        return;
    m_abandoned = true;
    abandoned.threads.append(this);
}

int ServiceThread::abandonedCount()
{
    AbandonedThreads &abandoned = abandonedThreads();
    std::lock_guard lock(abandoned.mutex);
    // A thread leaves the list here, once wait() would return at once, or in
    // its destructor (after the same wait), whichever comes first; the lock
    // keeps it alive while we ask.
    abandoned.threads.removeIf(
        [](ServiceThread *thread) { return thread->wait(QDeadlineTimer(0)); });
    return static_cast<int>(abandoned.threads.size());
}

void ServiceThread::run()
{
    {
        std::lock_guard lock(m_mutex);
        m_cpuClock = ThreadCpuClock::forCurrentThread();
        m_running = true;
    }

    const Service::RunResult result = m_service->run(*this);

    {
        std::lock_guard lock(m_mutex);
        m_finalCpuTime = m_cpuClock.read();
        m_running = false;
    }
    Q_EMIT runEnded(m_runId, static_cast<int>(result.outcome), result.error, result.inStartup);
}

} // namespace workhost
