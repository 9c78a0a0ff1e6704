#include "core/servicethread.h"

#include "core/service.h"

#include <pthread.h>

namespace workhost {

std::atomic<int> ServiceThread::s_abandoned = 0;

ServiceThread::ServiceThread(std::shared_ptr<Service> service, int runId)
    : m_service(std::move(service))
    , m_runId(runId)
{
    // Qt names the OS thread after objectName(): it shows in gdb and top -H.
    setObjectName(m_service->name());
}

ServiceThread::~ServiceThread()
{
    Q_ASSERT_X(!isRunning(), "ServiceThread",
               "a running service thread must be abandoned, not deleted");
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

std::chrono::nanoseconds ServiceThread::cpuTime() const
{
    std::lock_guard lock(m_mutex);
    // While m_running holds under the lock the thread exists, so its clock is valid.
    return m_running ? readCpuClock() : m_finalCpuTime;
}

std::chrono::nanoseconds ServiceThread::readCpuClock() const
{
    timespec now{};
    if (clock_gettime(m_cpuClock, &now) != 0)
        return m_finalCpuTime;
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

void ServiceThread::abandon()
{
    std::lock_guard lock(m_mutex);
    if (!m_running || m_abandoned)
        return;
    m_abandoned = true;
    ++s_abandoned;
}

void ServiceThread::run()
{
    {
        std::lock_guard lock(m_mutex);
        pthread_getcpuclockid(pthread_self(), &m_cpuClock);
        m_running = true;
    }

    const Service::RunResult result = m_service->run(*this);

    {
        std::lock_guard lock(m_mutex);
        m_finalCpuTime = readCpuClock();
        m_running = false;
        if (m_abandoned)
            --s_abandoned;
    }
    Q_EMIT runEnded(m_runId, result.end == Service::RunEnd::Faulted, result.error,
                    result.inStartup);
}

} // namespace workhost
