#include <workhost/hosting/detail/servicecontroller.h>

#include <workhost/hosting/detail/hostevents.h>
#include <workhost/hosting/detail/servicethread.h>
#include <workhost/hosting/service.h>
#include <workhost/hosting/servicetransitions.h>
#include <workhost/platform/descriptorlimit.h>

#include <atomic>

namespace workhost {

using std::chrono::milliseconds;

namespace {

milliseconds elapsedOf(const QElapsedTimer &clock)
{
    return milliseconds(clock.isValid() ? clock.elapsed() : 0);
}

// Descriptors a run may need while it starts: its thread's event-loop wake-up
// (GLib aborts the whole process without one), a program's pipes and pidfd,
// and room for the host's own work. Counted for every run still starting, as
// their threads take theirs later.
constexpr int descriptorsPerStartingRun = 16;
constexpr int descriptorsReserved = 32;
std::atomic<int> s_runsStarting{0};

std::optional<QString> descriptorShortage(int reservePerRun = descriptorsPerStartingRun)
{
    return DescriptorLimit::shortage(descriptorsReserved +
                                     reservePerRun * (s_runsStarting.load() + 1));
}

} // namespace

ServiceController::ServiceController(std::shared_ptr<Service> service, ServiceOptions options,
                                     QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
    , m_options(options)
    , m_backoff(options.restart)
    , m_stateSince(QDateTime::currentDateTimeUtc())
{
    m_stopDeadline.setSingleShot(true);
    m_stopDeadline.setTimerType(Qt::PreciseTimer); // a deadline must not fire early
    m_backoffTimer.setSingleShot(true);
    // A backoff is a minimum wait: a coarse timer may fire up to 5% early.
    m_backoffTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stopDeadline, &QTimer::timeout, this, &ServiceController::onStopDeadline);
    connect(&m_backoffTimer, &QTimer::timeout, this, &ServiceController::onBackoffElapsed);
}

ServiceController::~ServiceController()
{
    // The host waited for or abandoned every thread before deleting us.
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

QString ServiceController::name() const
{
    return m_service->name();
}

void ServiceController::setOptions(const ServiceOptions &options)
{
    m_options = options;
    m_backoff.setPolicy(options.restart);
}

ServiceStatus ServiceController::status() const
{
    const Service::Counters counters = m_service->counters();
    ServiceStatus status;
    status.name = m_service->name();
    status.kind = m_service->kind();
    status.state = m_state;
    status.stateSince = m_stateSince;
    status.startedAt = m_startedAt;
    status.restartCount = m_restartCount;
    status.backoffDelay = m_backoffDelay;
    status.lastError = m_lastError;
    status.lastOutcome = m_lastOutcome;
    status.progress = counters.progress;
    status.progressText = counters.progressText;
    status.itemsDone = counters.itemsDone;
    status.itemsUnit = counters.itemsUnit;
    status.note = counters.note;
    status.values = counters.values;
    // A thread without a CPU clock adds nothing (unknown), rather than a guess.
    status.cpuTime =
        m_cpuOfEndedRuns + (m_thread ? m_thread->cpuTime().value_or(std::chrono::nanoseconds(0))
                                     : std::chrono::nanoseconds(0));
    status.threadAlive = threadAlive();
    return status;
}

bool ServiceController::start(const QString &reason)
{
    switch (m_state) {
    case ServiceState::Starting:
    case ServiceState::Running:
        return true;
    case ServiceState::Stopping:
        m_startWhenStopped = true;
        return true;
    case ServiceState::TimedOut:
        hostevents::serviceStartRefused(m_service->log(),
                                        QStringLiteral("its last run has not returned yet"));
        return false;
    case ServiceState::BackingOff:
        m_backoffTimer.stop();
        break;
    case ServiceState::Stopped:
    case ServiceState::Faulted:
    case ServiceState::GaveUp:
        break;
    }
    m_backoff.reset(); // a start by hand forgets the restart history
    launch(reason);
    return true;
}

bool ServiceController::roomForAnotherRun()
{
    // Twice launch()'s reserve: the runs still starting go on opening theirs
    // (counted as open and again as reserved) until launch() checks, which
    // must then pass.
    return !descriptorShortage(2 * descriptorsPerStartingRun);
}

bool ServiceController::stop(QDeadlineTimer deadline, const QString &reason)
{
    m_startWhenStopped = false;
    switch (m_state) {
    case ServiceState::Starting:
    case ServiceState::Running:
        setState(ServiceState::Stopping, reason);
        hostevents::serviceStopping(m_service->log(), reason);
        m_stopClock.start();
        m_thread->requestStop(deadline);
        m_stopDeadline.start(static_cast<int>(deadline.remainingTime()));
        return true;
    case ServiceState::Stopping:
        // A second stop can only bring the deadline closer.
        if (deadline.remainingTime() < m_stopDeadline.remainingTime()) {
            m_stopDeadline.start(static_cast<int>(deadline.remainingTime()));
            m_thread->requestStop(deadline);
        }
        return true;
    case ServiceState::BackingOff:
        m_backoffTimer.stop();
        setState(ServiceState::Stopped, reason);
        return true;
    case ServiceState::Stopped:
    case ServiceState::Faulted:
    case ServiceState::TimedOut:
    case ServiceState::GaveUp:
        return false;
    }
    return false;
}

bool ServiceController::restart(QDeadlineTimer deadline)
{
    if (m_state == ServiceState::Starting || m_state == ServiceState::Running) {
        stop(deadline, QStringLiteral("restart by hand"));
        m_startWhenStopped = true;
        return true;
    }
    return start(QStringLiteral("restart by hand"));
}

void ServiceController::setRestartsAllowed(bool allowed)
{
    m_restartsAllowed = allowed;
    if (!allowed && m_state == ServiceState::BackingOff) {
        m_backoffTimer.stop();
        setState(ServiceState::Stopped, QStringLiteral("the host is stopping"));
    }
}

bool ServiceController::stopThread(QDeadlineTimer deadline)
{
    if (!m_thread)
        return false;
    m_thread->requestStop(deadline); // the service's stopDeadline() says how long it has
    return true;
}

bool ServiceController::waitForThread(QDeadlineTimer deadline)
{
    return !m_thread || m_thread->wait(deadline);
}

void ServiceController::abandonThread()
{
    if (!m_thread || m_thread->isFinished())
        return;
    m_thread->abandon();
    m_thread = nullptr; // it deletes itself if it ever ends
    endStarting();
}

bool ServiceController::takeCountersChanged()
{
    return m_service->takeCountersChanged();
}

void ServiceController::launch(const QString &reason, bool automaticRestart)
{
    Q_ASSERT_X(!m_thread, "ServiceController::launch", "a service runs on one thread at a time");
    setState(ServiceState::Starting, reason, std::nullopt, automaticRestart);
    hostevents::serviceStarting(m_service->log(), reason);
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_runClock.start();
    m_stopClock.invalidate();

    // Out of descriptors, the new thread would take the whole host down
    // (GLib aborts); the run faults instead, and the policy retries it later.
    if (const std::optional<QString> shortage = descriptorShortage()) {
        handleFault(*shortage, true);
        return;
    }
    auto *thread = new ServiceThread(m_service, ++m_runId);
    m_thread = thread;
    connect(thread, &ServiceThread::serviceStarted, this, &ServiceController::onServiceStarted,
            Qt::QueuedConnection);
    connect(thread, &ServiceThread::runEnded, this, &ServiceController::onRunEnded,
            Qt::QueuedConnection);
    thread->start(); // it deletes itself once finished, after our handling of runEnded
    if (!thread->isRunning() && !thread->isFinished()) { // pthread_create failed
        delete thread;
        m_thread = nullptr;
        handleFault(QStringLiteral("cannot create a thread for the run (%1 descriptors open)")
                        .arg(DescriptorLimit::openCount()),
                    true);
        return;
    }
    m_starting = true;
    ++s_runsStarting;
}

void ServiceController::endStarting()
{
    if (m_starting)
        --s_runsStarting;
    m_starting = false;
}

void ServiceController::onServiceStarted(int runId)
{
    if (runId != m_runId)
        return;
    endStarting();
    if (m_state != ServiceState::Starting)
        return; // asked to stop while starting: stays Stopping
    hostevents::serviceStarted(m_service->log());
    setState(ServiceState::Running, QStringLiteral("started"));
}

void ServiceController::onRunEnded(int runId, int outcomeValue, const QString &error,
                                   bool inStartup)
{
    if (runId != m_runId)
        return;
    const auto outcome = static_cast<RunOutcome>(outcomeValue);
    endRun();

    switch (m_state) {
    case ServiceState::Stopping:
        m_stopDeadline.stop();
        if (outcome == RunOutcome::Faulted) {
            m_lastError = error;
            hostevents::serviceStopError(m_service->log(), error);
            Q_EMIT stopFailed(error); // before Stopped, which may end the host's stop
        } else if (outcome == RunOutcome::Cancelled) {
            hostevents::serviceCancelled(m_service->log(), error);
        }
        // Logged first: the transition may complete the host's stop.
        hostevents::serviceStopped(m_service->log(), elapsedOf(m_stopClock));
        setState(ServiceState::Stopped, QStringLiteral("stopped on request"),
                 outcome == RunOutcome::Completed ? RunOutcome::Stopped : outcome);
        if (m_startWhenStopped) {
            m_startWhenStopped = false;
            launch(QStringLiteral("restart by hand"));
        }
        return;
    case ServiceState::TimedOut:
        hostevents::serviceReturnedLate(m_service->log());
        setState(ServiceState::Stopped, QStringLiteral("returned after the deadline"),
                 RunOutcome::TimedOut);
        return;
    case ServiceState::Starting:
    case ServiceState::Running:
        // Cancelled is impossible here: only stop(), which leaves these states
        // first, asks the run's token to stop. A run reports Running before it
        // can complete (the table has no Starting>Stopped).
        if (outcome != RunOutcome::Completed) {
            handleFault(error, inStartup);
        } else if (m_options.restartOnCompletion && m_restartsAllowed) {
            hostevents::serviceCompleted(m_service->log());
            scheduleRestart(QStringLiteral("completed; runs again"), RunOutcome::Completed);
        } else {
            hostevents::serviceCompleted(m_service->log());
            setState(ServiceState::Stopped, QStringLiteral("completed"), RunOutcome::Completed);
        }
        return;
    case ServiceState::Stopped:
    case ServiceState::Faulted:
    case ServiceState::BackingOff:
    case ServiceState::GaveUp:
        Q_ASSERT_X(false, "ServiceController::onRunEnded", "a run ended in a state without a run");
        return;
    }
}

void ServiceController::endRun()
{
    // Its run() is over; the thread deletes itself once finished (see ServiceThread).
    endStarting();
    m_cpuOfEndedRuns += m_thread->cpuTime().value_or(std::chrono::nanoseconds(0));
    m_thread = nullptr;
}

void ServiceController::handleFault(const QString &error, bool inStartup)
{
    m_lastError = error;
    setState(ServiceState::Faulted, error, RunOutcome::Faulted);
    hostevents::serviceFaulted(m_service->log(), error, inStartup);
    switch (m_options.faultPolicy) {
    case FaultPolicy::Restart:
        if (m_restartsAllowed)
            scheduleRestart(QStringLiteral("restart after a fault"), std::nullopt);
        return;
    case FaultPolicy::Ignore:
        return;
    case FaultPolicy::StopHost:
        Q_EMIT stopHostRequested(error);
        return;
    }
}

void ServiceController::scheduleRestart(const QString &why, std::optional<RunOutcome> outcome)
{
    const auto delay = m_backoff.nextDelay(RestartBackoff::Clock::now(), elapsedOf(m_runClock));
    if (!delay) {
        setState(ServiceState::GaveUp, QStringLiteral("restart limit reached"), outcome);
        hostevents::serviceGaveUp(m_service->log(), m_options.restart.maxRestarts,
                                  m_options.restart.intensityWindow);
        return;
    }
    m_backoffDelay = *delay;
    setState(ServiceState::BackingOff, QStringLiteral("%1 in %2 ms").arg(why).arg(delay->count()),
             outcome);
    hostevents::serviceBackingOff(m_service->log(), *delay, m_backoff.consecutiveRestarts());
    m_backoffTimer.start(*delay);
}

void ServiceController::onBackoffElapsed()
{
    if (m_state != ServiceState::BackingOff)
        return;
    ++m_restartCount;
    launch(QStringLiteral("automatic restart"), true);
}

void ServiceController::onStopDeadline()
{
    if (m_state != ServiceState::Stopping)
        return;
    m_startWhenStopped = false;
    hostevents::serviceTimedOut(m_service->log(), elapsedOf(m_stopClock));
    setState(ServiceState::TimedOut, QStringLiteral("did not stop by the deadline"),
             RunOutcome::TimedOut);
}

void ServiceController::setState(ServiceState to, const QString &reason,
                                 std::optional<RunOutcome> outcome, bool automaticRestart)
{
    Q_ASSERT_X(isServiceTransition(m_state, to, outcome), "ServiceController::setState",
               qPrintable(QStringLiteral("%1: %2 -> %3 (outcome %4) is not a transition of the "
                                         "service state machine (servicetransitions.h)")
                              .arg(name(), enumName(m_state), enumName(to),
                                   outcome ? enumName(*outcome) : QStringLiteral("none"))));
    ServiceTransition transition{
        name(), m_state, to, QDateTime::currentDateTimeUtc(), reason, outcome, automaticRestart};
    m_state = to;
    m_stateSince = transition.at;
    if (outcome)
        m_lastOutcome = outcome;
    Q_EMIT transitioned(transition);
    Q_EMIT changed();
}

} // namespace workhost
