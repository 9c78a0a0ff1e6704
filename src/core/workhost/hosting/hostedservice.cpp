#include <workhost/hosting/hostedservice.h>

#include <workhost/hosting/detail/servicethread.h>

namespace workhost {

void HostedService::fail(const QString &error)
{
    Q_ASSERT_X(m_thread && QThread::currentThread() == m_thread, "HostedService::fail",
               "call fail() from the service's own thread, during a run");
    m_failure = error;
    m_thread->quitEventLoop();
}

void HostedService::complete()
{
    Q_ASSERT_X(m_thread && QThread::currentThread() == m_thread, "HostedService::complete",
               "call complete() from the service's own thread, during a run");
    m_thread->quitEventLoop();
}

QDeadlineTimer HostedService::stopDeadline() const
{
    return m_thread ? m_thread->stopDeadline() : QDeadlineTimer(QDeadlineTimer::Forever);
}

Service::RunResult HostedService::run(ServiceThread &thread)
{
    m_thread = &thread;
    m_token = thread.token();
    m_failure.reset();

    RunResult result;
    {
        // Everything parented to the context dies with this scope, on this thread.
        QObject context;
        result = guarded([&] { onStart(context); }, m_token);
        if (result.outcome != RunOutcome::Completed) {
            result.inStartup = true; // .NET does not call StopAsync after a failed start either
        } else {
            thread.reportStarted();
            thread.runEventLoop();
            result = guarded([&] { onStop(); }); // no token: a failing stop is a fault
        }
    }
    if (m_failure && result.outcome != RunOutcome::Faulted)
        result = {RunOutcome::Faulted, *m_failure, false};

    m_thread = nullptr;
    return result;
}

} // namespace workhost
