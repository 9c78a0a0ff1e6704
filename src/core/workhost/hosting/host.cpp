#include <workhost/hosting/host.h>

#include <workhost/hosting/detail/abandonruns.h>
#include <workhost/hosting/detail/hostevents.h>
#include <workhost/hosting/detail/hostfailures.h>
#include <workhost/hosting/detail/hostlink.h>
#include <workhost/hosting/detail/hoststopsequence.h>
#include <workhost/hosting/detail/reentryguard.h>
#include <workhost/hosting/detail/servicecontroller.h>
#include <workhost/hosting/detail/servicethread.h>
#include <workhost/hosting/detail/statusbatches.h>
#include <workhost/hosting/hostlifetime.h>
#include <workhost/hosting/service.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/processexit.h>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace workhost {

using std::chrono::milliseconds;

Host::Host(HostOptions options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_lifetime(new HostLifetime(this))
    , m_log(QStringLiteral("host"))
    , m_emitting(std::make_unique<ReentryGuard>())
    , m_failures(std::make_unique<HostFailures>())
    , m_stopSequence(std::make_unique<HostStopSequence>(m_options, *m_emitting))
{
    qRegisterMetaType<ServiceStatus>();
    qRegisterMetaType<ServiceFailure>();
    qRegisterMetaType<ServiceTransition>();
    qRegisterMetaType<ShutdownProgress>();
    qRegisterMetaType<QList<ServiceStatus>>();

    m_link = std::make_shared<HostLink>(
        this,
        HostLink::Callbacks{[this] { m_statusBatches->countersChanged(); }, [this] { stop(); }});
    m_statusBatches =
        std::make_unique<StatusBatches>(m_options.statusInterval, m_controllers, *m_link);
    connect(m_lifetime, &HostLifetime::stopRequested, this, &Host::stop, Qt::QueuedConnection);
    connect(m_stopSequence.get(), &HostStopSequence::progressDue, this, [this] {
        const ReentryGuard::Locker emitting(*m_emitting);
        Q_EMIT shutdownProgressChanged(shutdownProgress(), QPrivateSignal());
    });
    connect(m_stopSequence.get(), &HostStopSequence::finished, this, &Host::finishStopping);
    connect(m_statusBatches.get(), &StatusBatches::batchReady, this,
            [this](const QList<ServiceStatus> &batch) {
                const ReentryGuard::Locker emitting(*m_emitting);
                Q_EMIT statusesChanged(batch, QPrivateSignal());
            });
}

Host::~Host()
{
    if (m_emitting->isLocked())
        qWarning("workhost::Host destroyed from a slot of its own signal: the code that emitted "
                 "it will use freed memory; destroy it later (deleteLater())");
    // Not the shutdown deadline (see host.h): every run still in progress is
    // asked at once, all of them before any wait, with the grace as its
    // deadline; a thread not back by then is abandoned with its service.
    for (ServiceController *controller : std::as_const(m_controllers))
        controller->disconnect(this);
    abandonRuns(m_controllers, destroyDeadline(), m_state != HostState::Stopped, m_log.get());
    m_link->detach();
}

QDeadlineTimer Host::destroyDeadline() const
{
    switch (m_state) {
    case HostState::Created:
    case HostState::Stopped:
        return QDeadlineTimer(0); // only threads that already timed out are left
    case HostState::Starting:
    case HostState::Running:
        return QDeadlineTimer(std::min(m_options.destroyGrace, m_options.shutdownTimeout));
    case HostState::Stopping:
        break;
    }
    return std::min(m_stopSequence->deadline(), QDeadlineTimer(m_options.destroyGrace));
}

AddServiceRefusal Host::refusalFor(const Service *service) const
{
    if (!service)
        return AddServiceRefusal::NoService;
    if (m_state == HostState::Stopping)
        return AddServiceRefusal::HostStopping;
    if (m_state == HostState::Stopped)
        return AddServiceRefusal::HostStopped;
    return contains(service->name()) ? AddServiceRefusal::DuplicateName : AddServiceRefusal::None;
}

AddServiceResult<Service> Host::adopt(std::unique_ptr<Service> service, ServiceOptions options)
{
    if (const AddServiceRefusal refusal = refusalFor(service.get());
        refusal != AddServiceRefusal::None)
        return AddServiceResult<Service>::refused(
            refusal, refusalMessage(refusal, service ? service->name() : QString()));

    std::shared_ptr<Service> shared = std::move(service);
    shared->attach(m_link);
    auto *controller = new ServiceController(shared, options, this);
    connectController(controller);
    m_controllers.append(controller);
    {
        const ReentryGuard::Locker emitting(*m_emitting);
        Q_EMIT serviceAdded(controller->name(), QPrivateSignal());
    }

    if (options.autostart && m_state == HostState::Starting) {
        // Joins the host's own start, in its order.
        m_startQueue.append(controller);
        startNext();
    } else if (options.autostart && m_state == HostState::Running) {
        // The start list is the host's start only: a running host starts it at once.
        controller->start(QStringLiteral("added to the running host"));
    }
    return AddServiceResult<Service>::added(shared.get());
}

void Host::connectController(ServiceController *controller)
{
    connect(controller, &ServiceController::transitioned, this,
            [this, controller](const ServiceTransition &t) { onTransition(controller, t); });
    connect(controller, &ServiceController::changed, this,
            [this, controller] { m_statusBatches->serviceChanged(controller); });
    connect(controller, &ServiceController::stopHostRequested, this,
            [this, controller](const QString &error) {
                const ReentryGuard::Locker emitting(*m_emitting); // the controller is on the stack
                m_failures->add({controller->name(), FailureKind::Faulted, error});
                stop();
            });
    connect(controller, &ServiceController::stopFailed, this,
            [this, controller](const QString &error) {
                // Collected like .NET's aggregated StopAsync errors; a stop by hand only logs it.
                if (m_state == HostState::Stopping)
                    m_failures->add({controller->name(), FailureKind::StopError, error});
            });
}

bool Host::removeService(const QString &name)
{
    // While Stopping, the stop sequence (its asking, the deadline and
    // shutdownProgress()) still reads every entry's controller.
    if (m_state == HostState::Stopping)
        return false;
    if (m_emitting->isLocked()) {
        // The code that emitted, the host's or the controller's own, goes on
        // using the controller after the slot returns.
        qWarning("workhost::Host::removeService(\"%s\") called from a slot of the host's own "
                 "signal: refused; call it later (a queued connection)",
                 qUtf8Printable(name));
        return false;
    }
    ServiceController *controller = find(name);
    if (!controller || !canBeRemoved(controller->state(), controller->threadAlive()))
        return false;
    {
        const ReentryGuard::Locker emitting(*m_emitting);
        controller->stop(QDeadlineTimer(0), QStringLiteral("removed")); // ends a backoff wait
    }
    m_controllers.removeOne(controller);
    m_startQueue.removeOne(controller);
    m_statusBatches->forget(controller);
    m_stopSequence->forget(controller);
    delete controller;
    const ReentryGuard::Locker emitting(*m_emitting);
    Q_EMIT serviceRemoved(name, QPrivateSignal());
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
    hostevents::hostStarting(m_log.get(), static_cast<int>(m_startQueue.size()));
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
    hostevents::hostStarted(m_log.get(), milliseconds(m_startClock.elapsed()));
    const ReentryGuard::Locker emitting(*m_emitting);
    m_lifetime->notifyStarted();
}

void Host::stop()
{
    switch (m_state) {
    case HostState::Stopping:
    case HostState::Stopped:
        return; // one shutdown only
    case HostState::Created: {
        const ReentryGuard::Locker emitting(*m_emitting);
        setState(HostState::Stopping);
        m_lifetime->notifyStopping();
        setState(HostState::Stopped);
        m_lifetime->notifyStopped();
        return;
    }
    case HostState::Starting:
    case HostState::Running:
        break;
    }

    setState(HostState::Stopping);
    m_stopSequence->begin(m_controllers); // the deadline runs from here
    m_startQueue.clear();
    m_awaitingStart.clear();
    hostevents::hostStopping(m_log.get(), m_options.shutdownTimeout);
    const ReentryGuard::Locker emitting(*m_emitting); // the stop below emits transitions
    m_lifetime->notifyStopping();
    for (ServiceController *controller : std::as_const(m_controllers))
        controller->setRestartsAllowed(false); // also ends backoff waits
    m_stopSequence->askFirst();
}

void Host::finishStopping()
{
    m_failures->collectFinalStates(m_controllers);
    int timedOut = 0;
    for (const ServiceController *controller : std::as_const(m_controllers))
        timedOut += controller->state() == ServiceState::TimedOut ? 1 : 0;
    setState(HostState::Stopped);
    hostevents::hostStopped(m_log.get(), m_stopSequence->elapsed(), timedOut,
                            static_cast<int>(m_failures->list().size()) - timedOut);
    m_statusBatches->publish();
    const ReentryGuard::Locker emitting(*m_emitting);
    m_lifetime->notifyStopped();
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
    return m_stopSequence->progress();
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
    const ReentryGuard::Locker emitting(*m_emitting);
    Q_EMIT stateChanged(state, QPrivateSignal());
}

void Host::onTransition(ServiceController *controller, const ServiceTransition &transition)
{
    // The controller emitting this goes on after we return, so nothing in here,
    // nor in a slot of ours, may delete it.
    const ReentryGuard::Locker emitting(*m_emitting);
    Q_EMIT serviceStateChanged(transition, QPrivateSignal());

    if (m_state == HostState::Starting && transition.from == ServiceState::Starting &&
        m_awaitingStart.removeOne(controller)) {
        startNext();
        return;
    }
    if (m_state == HostState::Stopping)
        m_stopSequence->onTransition(controller, transition);
}

bool Host::failed() const
{
    return !m_failures->list().isEmpty();
}

QList<ServiceFailure> Host::failures() const
{
    return m_failures->list();
}

} // namespace workhost
