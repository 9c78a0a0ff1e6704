#include <workhost/hosting/host.h>

#include <workhost/hosting/detail/hostevents.h>
#include <workhost/hosting/detail/hostlink.h>
#include <workhost/hosting/detail/servicecontroller.h>
#include <workhost/hosting/detail/servicethread.h>
#include <workhost/hosting/hostlifetime.h>
#include <workhost/hosting/service.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/processexit.h>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace workhost {

using std::chrono::milliseconds;

namespace {

bool isActive(ServiceState state)
{
    return state == ServiceState::Starting || state == ServiceState::Running ||
           state == ServiceState::Stopping;
}

// The failure a service's final state is, if any.
std::optional<FailureKind> failureOf(ServiceState state)
{
    switch (state) {
    case ServiceState::Faulted:
        return FailureKind::Faulted;
    case ServiceState::GaveUp:
        return FailureKind::GaveUp;
    case ServiceState::TimedOut:
        return FailureKind::TimedOut;
    default:
        return std::nullopt;
    }
}

} // namespace

Host::Host(HostOptions options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_lifetime(new HostLifetime(this))
    , m_log(LogPipeline::loggerFor(QStringLiteral("host")))
{
    qRegisterMetaType<ServiceStatus>();
    qRegisterMetaType<ServiceFailure>();
    qRegisterMetaType<ServiceTransition>();
    qRegisterMetaType<ShutdownProgress>();
    qRegisterMetaType<QList<ServiceStatus>>();

    m_link = std::make_shared<HostLink>(
        this, HostLink::Callbacks{[this] {
                                      // A service's counters changed: they go out with the
                                      // next batch, which re-arms the request.
                                      if (!m_statusTimer.isActive())
                                          m_statusTimer.start(m_options.statusInterval);
                                  },
                                  [this] { stop(); }});
    connect(m_lifetime, &HostLifetime::stopRequested, this, &Host::stop, Qt::QueuedConnection);

    m_deadlineTimer.setSingleShot(true);
    m_deadlineTimer.setTimerType(Qt::PreciseTimer); // a deadline must not fire early
    connect(&m_deadlineTimer, &QTimer::timeout, this, &Host::onShutdownDeadline);
    m_stopShareTimer.setSingleShot(true);
    m_stopShareTimer.setTimerType(Qt::PreciseTimer); // nor a share
    connect(&m_stopShareTimer, &QTimer::timeout, this, &Host::onStopShareElapsed);
    m_progressTimer.setSingleShot(true);
    connect(&m_progressTimer, &QTimer::timeout, this, &Host::publishShutdownProgress);
    m_statusTimer.setSingleShot(true);
    connect(&m_statusTimer, &QTimer::timeout, this, &Host::publishStatusBatch);
}

Host::~Host()
{
    if (m_emitting.isLocked())
        qWarning("workhost::Host destroyed from a slot of its own signal: the code that emitted "
                 "it will use freed memory; destroy it later (deleteLater())");
    // Blocking, as a destructor must be: give running services the shutdown
    // timeout (none if the host already had its stop), then abandon the rest.
    QDeadlineTimer deadline(m_options.shutdownTimeout);
    if (m_state == HostState::Stopping)
        deadline = m_deadline;
    else if (m_state == HostState::Stopped)
        deadline = QDeadlineTimer(0);
    const milliseconds allowance(deadline.remainingTime());
    for (ServiceController *controller : std::as_const(m_controllers)) {
        controller->disconnect(this);
        controller->setRestartsAllowed(false);
    }
    for (ServiceController *controller : std::as_const(m_controllers)) {
        if (!controller->waitForThread(deadline)) {
            // A TimedOut service has said so at its deadline; the others say it
            // now, in their own log, with the time they had.
            if (controller->state() != ServiceState::TimedOut)
                hostevents::serviceTimedOut(controller->service()->log(), allowance);
            controller->abandonThread();
        }
    }
    m_link->detach();
}

bool Host::addService(std::unique_ptr<Service> service, ServiceOptions options)
{
    Q_ASSERT(service);
    if (m_state == HostState::Stopping || m_state == HostState::Stopped ||
        contains(service->name()))
        return false;

    std::shared_ptr<Service> shared = std::move(service);
    shared->attach(m_link);
    auto *controller = new ServiceController(std::move(shared), options, this);
    connect(controller, &ServiceController::transitioned, this,
            [this, controller](const ServiceTransition &t) { onTransition(controller, t); });
    connect(controller, &ServiceController::changed, this, [this, controller] {
        m_changed.insert(controller);
        scheduleStatusBatch();
    });
    connect(controller, &ServiceController::stopHostRequested, this,
            [this, controller](const QString &error) {
                const ReentryGuard::Locker emitting(m_emitting); // the controller is on the stack
                addFailure({controller->name(), FailureKind::Faulted, error});
                stop();
            });
    connect(controller, &ServiceController::stopFailed, this,
            [this, controller](const QString &error) {
                // Collected like .NET's aggregated StopAsync errors; a stop by hand only logs it.
                if (m_state == HostState::Stopping)
                    addFailure({controller->name(), FailureKind::StopError, error});
            });
    m_controllers.append(controller);
    {
        const ReentryGuard::Locker emitting(m_emitting);
        Q_EMIT serviceAdded(controller->name());
    }

    if (!options.autostart)
        return true;
    if (m_state == HostState::Starting) {
        // Joins the host's own start, in its order.
        m_startQueue.append(controller);
        startNext();
    } else if (m_state == HostState::Running) {
        // The start list is the host's start only: a running host starts it at once.
        controller->start(QStringLiteral("added to the running host"));
    }
    return true;
}

bool Host::removeService(const QString &name)
{
    // While Stopping, the stop sequence (stopNext(), the deadline and
    // shutdownProgress()) still reads every entry's controller.
    if (m_state == HostState::Stopping)
        return false;
    if (m_emitting.isLocked()) {
        // The code that emitted, the host's or the controller's own, goes on
        // using the controller after the slot returns.
        qWarning("workhost::Host::removeService(\"%s\") called from a slot of the host's own "
                 "signal: refused; call it later (a queued connection)",
                 qUtf8Printable(name));
        return false;
    }
    ServiceController *controller = find(name);
    if (!controller || isActive(controller->state()) || controller->threadAlive())
        return false;
    {
        const ReentryGuard::Locker emitting(m_emitting);
        controller->stop(QDeadlineTimer(0), QStringLiteral("removed")); // ends a backoff wait
    }
    m_controllers.removeOne(controller);
    m_startQueue.removeOne(controller);
    m_changed.remove(controller);
    m_stopEntries.removeIf([controller](const StopEntry &e) { return e.controller == controller; });
    delete controller;
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT serviceRemoved(name);
    return true;
}

QStringList Host::serviceNames() const
{
    QStringList names;
    for (const ServiceController *controller : m_controllers)
        names.append(controller->name());
    return names;
}

bool Host::contains(const QString &name) const
{
    return find(name) != nullptr;
}

std::optional<ServiceStatus> Host::status(const QString &name) const
{
    if (const ServiceController *controller = find(name))
        return controller->status();
    return std::nullopt;
}

QList<ServiceStatus> Host::statuses() const
{
    QList<ServiceStatus> all;
    all.reserve(m_controllers.size());
    for (const ServiceController *controller : m_controllers)
        all.append(controller->status());
    return all;
}

std::optional<ServiceOptions> Host::serviceOptions(const QString &name) const
{
    if (const ServiceController *controller = find(name))
        return controller->options();
    return std::nullopt;
}

Service *Host::service(const QString &name) const
{
    const ServiceController *controller = find(name);
    return controller ? controller->service() : nullptr;
}

bool Host::setServiceOptions(const QString &name, const ServiceOptions &options)
{
    ServiceController *controller = find(name);
    if (!controller)
        return false;
    controller->setOptions(options);
    return true;
}

void Host::start()
{
    if (m_state != HostState::Created)
        return;
    setState(HostState::Starting);
    m_startClock.start();
    for (ServiceController *controller : std::as_const(m_controllers)) {
        if (controller->options().autostart)
            m_startQueue.append(controller);
    }
    hostevents::hostStarting(*m_log, static_cast<int>(m_startQueue.size()));
    startNext();
}

void Host::startNext()
{
    while (!m_startQueue.isEmpty() && (m_options.startConcurrently || m_awaitingStart.isEmpty())) {
        // Concurrently, each run still starting holds descriptors in reserve
        // (a thousand at once asked for more than a high limit): the next
        // waits for one of them to report, rather than fault. With none
        // starting, a shortage is real and the run faults with it.
        if (!m_awaitingStart.isEmpty() && !ServiceController::roomForAnotherRun())
            break;
        ServiceController *controller = m_startQueue.takeFirst();
        controller->start(QStringLiteral("started with the host"));
        if (controller->state() == ServiceState::Starting)
            m_awaitingStart.append(controller);
    }
    finishStartingIfDone();
}

void Host::finishStartingIfDone()
{
    if (m_state != HostState::Starting || !m_startQueue.isEmpty() || !m_awaitingStart.isEmpty())
        return;
    setState(HostState::Running);
    hostevents::hostStarted(*m_log, milliseconds(m_startClock.elapsed()));
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT m_lifetime->started();
}

void Host::stop()
{
    switch (m_state) {
    case HostState::Stopping:
    case HostState::Stopped:
        return; // one shutdown only
    case HostState::Created: {
        const ReentryGuard::Locker emitting(m_emitting);
        setState(HostState::Stopping);
        Q_EMIT m_lifetime->stopping();
        setState(HostState::Stopped);
        Q_EMIT m_lifetime->stopped();
        return;
    }
    case HostState::Starting:
    case HostState::Running:
        break;
    }

    setState(HostState::Stopping);
    m_stopClock.start();
    m_deadline = QDeadlineTimer(m_options.shutdownTimeout);
    m_startQueue.clear();
    m_awaitingStart.clear();
    hostevents::hostStopping(*m_log, m_options.shutdownTimeout);
    const ReentryGuard::Locker emitting(m_emitting); // the loops below emit transitions
    Q_EMIT m_lifetime->stopping();

    for (ServiceController *controller : std::as_const(m_controllers))
        controller->setRestartsAllowed(false); // also ends backoff waits
    for (auto it = m_controllers.crbegin(); it != m_controllers.crend(); ++it) {
        if (isActive((*it)->state()))
            m_stopEntries.append(StopEntry{*it, false, false, {}, milliseconds(-1)});
    }
    m_stillStopping = static_cast<int>(m_stopEntries.size());
    m_nextToStop = 0;
    m_deadlineTimer.start(m_options.shutdownTimeout);
    stopNext();
    publishShutdownProgress();
    finishStoppingIfDone();
}

void Host::stopNext()
{
    // Entries are asked in order; m_nextToStop is the first not asked yet.
    // Sequential: the last one asked holds the others back until it has
    // stopped or overran its share.
    while (m_nextToStop < m_stopEntries.size()) {
        StopEntry &entry = m_stopEntries[m_nextToStop];
        if (isActive(entry.controller->state()) && !entry.requested) {
            if (!m_options.stopConcurrently && m_nextToStop > 0) {
                const StopEntry &previous = m_stopEntries[m_nextToStop - 1];
                if (isActive(previous.controller->state()) && !previous.overran)
                    return;
            }
            ask(entry);
        }
        ++m_nextToStop;
    }
}

void Host::ask(StopEntry &entry)
{
    if (!m_options.stopConcurrently) {
        // Its share: the time left, divided among the entries still to ask.
        const auto toAsk = m_stopEntries.size() - m_nextToStop;
        m_stopShare = milliseconds(std::max<qint64>(0, m_deadline.remainingTime()) / toAsk);
        if (m_options.serviceStopTimeout.count() > 0)
            m_stopShare = std::min(m_stopShare, m_options.serviceStopTimeout);
        m_stopShareTimer.start(m_stopShare);
    }
    entry.requested = true;
    entry.clock.start();
    // Each keeps the whole deadline: a share only decides when the next is asked.
    entry.controller->stop(m_deadline, QStringLiteral("the host is stopping"));
}

void Host::onStopShareElapsed()
{
    if (m_state != HostState::Stopping || m_nextToStop == 0)
        return;
    StopEntry &entry = m_stopEntries[m_nextToStop - 1];
    if (!isActive(entry.controller->state()))
        return;
    entry.overran = true;
    hostevents::serviceOverranStopShare(entry.controller->service()->log(), m_stopShare);
    const ReentryGuard::Locker emitting(m_emitting);
    stopNext();
    scheduleShutdownProgress();
}

void Host::onShutdownDeadline()
{
    // Services never asked (sequential stop, a serviceStopTimeout cut to
    // nothing) are asked now with no time left: they end TimedOut like the
    // rest, and return later if they can.
    m_stopShareTimer.stop();
    const ReentryGuard::Locker emitting(m_emitting);
    for (StopEntry &entry : m_stopEntries) {
        if (isActive(entry.controller->state()) && !entry.requested) {
            entry.requested = true;
            entry.clock.start();
            entry.controller->stop(QDeadlineTimer(0),
                                   QStringLiteral("the shutdown deadline passed"));
        }
    }
}

void Host::finishStoppingIfDone()
{
    if (m_state != HostState::Stopping || m_stillStopping > 0)
        return;
    m_deadlineTimer.stop();
    m_stopShareTimer.stop();
    publishShutdownProgress(); // the final report, before Stopped
    collectFailures();
    int timedOut = 0;
    for (const ServiceController *controller : std::as_const(m_controllers))
        timedOut += controller->state() == ServiceState::TimedOut ? 1 : 0;
    setState(HostState::Stopped);
    hostevents::hostStopped(*m_log, milliseconds(m_stopClock.elapsed()), timedOut,
                            static_cast<int>(m_failures.size()) - timedOut);
    publishStatusBatch();
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT m_lifetime->stopped();
}

void Host::collectFailures()
{
    for (const ServiceController *controller : std::as_const(m_controllers)) {
        const std::optional<FailureKind> kind = failureOf(controller->state());
        if (!kind)
            continue;
        // A timed-out run has no error of its own (lastError is an older fault's).
        const QString error =
            *kind == FailureKind::TimedOut ? QString() : controller->status().lastError;
        addFailure({controller->name(), *kind, error});
    }
}

void Host::addFailure(const ServiceFailure &failure)
{
    // A StopHost fault is reported when it happens and the service then ends
    // Faulted: one failing service, one failure.
    const bool listed =
        std::any_of(m_failures.cbegin(), m_failures.cend(),
                    [&](const ServiceFailure &f) { return f.service == failure.service; });
    if (!listed)
        m_failures.append(failure);
}

int Host::exitCode() const
{
    return static_cast<int>(failed() ? ExitCode::ServiceFailure : ExitCode::Success);
}

int Host::abandonedThreadCount()
{
    return ServiceThread::abandonedCount();
}

bool Host::startService(const QString &name)
{
    ServiceController *controller = find(name);
    if (!controller || (m_state != HostState::Starting && m_state != HostState::Running))
        return false;
    return controller->start(QStringLiteral("started by hand"));
}

bool Host::stopService(const QString &name)
{
    ServiceController *controller = find(name);
    if (!controller || (m_state != HostState::Starting && m_state != HostState::Running))
        return false;
    m_startQueue.removeOne(controller);
    return controller->stop(QDeadlineTimer(m_options.shutdownTimeout),
                            QStringLiteral("stopped by hand"));
}

bool Host::restartService(const QString &name)
{
    ServiceController *controller = find(name);
    if (!controller || (m_state != HostState::Starting && m_state != HostState::Running))
        return false;
    return controller->restart(QDeadlineTimer(m_options.shutdownTimeout));
}

ShutdownProgress Host::shutdownProgress() const
{
    ShutdownProgress progress;
    if (m_stopClock.isValid()) {
        progress.elapsed = milliseconds(m_stopClock.elapsed());
        progress.remaining = milliseconds(std::max<qint64>(0, m_deadline.remainingTime()));
        if (m_state == HostState::Stopped)
            progress.remaining = milliseconds(0);
    }
    for (const StopEntry &entry : m_stopEntries) {
        ShutdownProgress::Entry out;
        out.service = entry.controller->name();
        out.state = entry.controller->state();
        out.stopRequested = entry.requested;
        out.overran = entry.overran;
        out.elapsed = entry.took.count() >= 0 ? entry.took
                      : entry.requested       ? milliseconds(entry.clock.elapsed())
                                              : milliseconds(0);
        progress.entries.append(out);
    }
    return progress;
}

ServiceController *Host::find(const QString &name) const
{
    for (ServiceController *controller : m_controllers) {
        if (controller->name() == name)
            return controller;
    }
    return nullptr;
}

void Host::setState(HostState state)
{
    m_state = state;
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT stateChanged(state);
}

void Host::onTransition(ServiceController *controller, const ServiceTransition &transition)
{
    // The controller emitting this goes on after we return, so nothing in here,
    // nor in a slot of ours, may delete it.
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT serviceStateChanged(transition);

    if (m_state == HostState::Starting && transition.from == ServiceState::Starting &&
        m_awaitingStart.removeOne(controller)) {
        startNext();
        return;
    }
    if (m_state != HostState::Stopping || isActive(transition.to))
        return;
    const auto entry = std::find_if(m_stopEntries.begin(), m_stopEntries.end(),
                                    [&](const StopEntry &e) { return e.controller == controller; });
    if (entry == m_stopEntries.end() || entry->took.count() >= 0)
        return; // not one the host is stopping, or already counted
    entry->took = milliseconds(entry->clock.isValid() ? entry->clock.elapsed() : 0);
    --m_stillStopping;
    scheduleShutdownProgress();
    stopNext();
    finishStoppingIfDone();
}

void Host::scheduleShutdownProgress()
{
    // Coalesced: a burst of stops (256 services at once) makes one report, not 256.
    if (!m_progressTimer.isActive())
        m_progressTimer.start(0);
}

void Host::publishShutdownProgress()
{
    m_progressTimer.stop();
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT shutdownProgressChanged(shutdownProgress());
}

void Host::scheduleStatusBatch()
{
    if (m_changed.isEmpty() || m_statusTimer.isActive())
        return;
    m_statusTimer.start(m_options.statusInterval);
}

void Host::publishStatusBatch()
{
    m_statusTimer.stop();
    // Re-armed before the counters are read: see HostLink::requestStatus().
    m_link->takeStatusRequest();
    for (ServiceController *controller : std::as_const(m_controllers)) {
        if (controller->takeCountersChanged())
            m_changed.insert(controller);
    }
    if (m_changed.isEmpty())
        return;
    QList<ServiceStatus> batch;
    for (ServiceController *controller : std::as_const(m_controllers)) {
        if (m_changed.contains(controller))
            batch.append(controller->status());
    }
    m_changed.clear();
    const ReentryGuard::Locker emitting(m_emitting);
    Q_EMIT statusesChanged(batch);
}

} // namespace workhost
