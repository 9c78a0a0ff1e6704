#pragma once

#include <workhost/hosting/addserviceresult.h>
#include <workhost/hosting/hostoptions.h>
#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/servicefailure.h>
#include <workhost/hosting/serviceoptions.h>
#include <workhost/hosting/servicestatus.h>
#include <workhost/hosting/shutdownprogress.h>
#include <workhost/logging/pipelinelogger.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include <concepts>
#include <memory>
#include <optional>

namespace spdlog {
class logger;
}

namespace workhost {

class HostFailures;
class HostLifetime;
class HostLink;
class HostStopSequence;
class ReentryGuard;
class Service;
class ServiceController;
class StatusBatches;

// The worker host, Qt's answer to .NET's Generic Host: it owns services, runs
// each on its own thread, starts them in order, and stops them gracefully
// under one deadline.
//
//     Host host({.shutdownTimeout = 10s});
//     MyWorker *mailer = host.addService(std::make_unique<MyWorker>("mailer")).service();
//     connect(&host, &Host::stateChanged, ...);
//     host.start();   // returns at once; signals tell the rest
//     ...
//     host.stop();    // returns at once; stateChanged(Stopped) follows
//
// Owner: whoever creates it (QObject parent or a unique_ptr); it lives on the
// thread that creates it, normally the GUI thread, and every method must be
// called there. It owns its services and their controllers.
//
// start() and stop() never block. Signals, all emitted on the host's thread:
//  start(): stateChanged(Starting); for each autostart service in
//           registration order (all at once with startConcurrently, as many
//           at a time as the descriptors left allow):
//           serviceStateChanged(Stopped -> Starting), then (Starting -> Running)
//           or (Starting -> Faulted ...); then stateChanged(Running) and
//           lifetime()->started().
//  stop():  stateChanged(Stopping), lifetime()->stopping(); for each running
//           service in reverse registration order (all at once with
//           stopConcurrently): serviceStateChanged(-> Stopping), then
//           (Stopping -> Stopped) or (Stopping -> TimedOut) at the deadline,
//           with shutdownProgressChanged() at once, after changes (coalesced
//           within one event-loop pass) and last before Stopped; then
//           stateChanged(Stopped) and lifetime()->stopped().
//
// The sequential stop is fair: the next service is asked when the previous
// one has stopped or has used up its share of the time (serviceStopTimeout
// in HostOptions, by default the time left divided by the services still to
// ask). A service that outlasts its share is not given up on: it goes on
// stopping, keeps its place in shutdownProgress() (marked overran), and ends
// Stopped if it returns before the one shutdown deadline. Only a service
// still running its code at that deadline is TimedOut; so a stuck service
// never makes a healthy one behind it look failed. The price: a service may
// then stop while one registered after it (stopped first in LIFO order) is
// still stopping.
// Each host state, and each lifetime signal, is emitted exactly once.
// serviceStateChanged() is emitted for every transition of every service, in
// order, never coalesced. statusesChanged() carries snapshots of the services
// that changed, coalesced to at most one batch per HostOptions::statusInterval
// (and one at the stop), sent about one interval after the first change; the
// last values always go out. Their cost to this thread is bounded too: the
// services' counter updates wake it at most once per batch, however many and
// however fast (HostLink::requestStatus()).
//
// The destructor emits no signal and never waits for the shutdown deadline
// unless asked to: stop() the host and destroy it once Stopped for a graceful
// end. Destroyed before that, it asks every run still in progress to stop at
// once (their stop tokens fire, with HostOptions::destroyGrace, 2 s by
// default, as their deadline), waits at most that grace (never past a stop's
// own deadline), and abandons the threads that have not returned: each keeps
// its service object alive until its code returns, and is counted by
// abandonedThreadCount() until it has ended: end main() with finishProcess(),
// which then leaves through abandonProcess() (exit code 3, every program a
// worker started killed) rather than run static destructors under it. A host
// already Stopped abandons only the threads that timed out, at once.
// Never destroy the host from a slot of its own signals.
class Host : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Host)

public:
    explicit Host(HostOptions options = {}, QObject *parent = nullptr);
    ~Host() override;

    const HostOptions &options() const { return m_options; }
    HostState state() const { return m_state; }
    HostLifetime *lifetime() const { return m_lifetime; }
    // The "host" logger of whichever LogPipeline is current when it logs.
    spdlog::logger &log() const { return m_log.get(); }

    // Adds a service and answers with it, typed as given (valid while it stays
    // in the host), or says why it refused it (AddServiceRefusal: no service,
    // a name already taken, a host stopping or stopped), the service then
    // destroyed. With options.autostart it starts with the host, or at once
    // when the host is already Running (each one added, however many).
    template <std::derived_from<Service> T>
    AddServiceResult<T> addService(std::unique_ptr<T> service, ServiceOptions options = {})
    {
        T *typed = service.get();
        const AddServiceResult<Service> result = adopt(std::move(service), options);
        if (!result)
            return AddServiceResult<T>::refused(result.refusal(), result.message());
        return AddServiceResult<T>::added(typed);
    }
    // Removes a service that is not running (its thread, if any, has ended).
    // Refused (false) while the host is Stopping (its stop sequence still
    // holds the service), and from a slot connected to one of the host's own
    // signals, where the emitting code still uses it (also warns: a bug in the
    // caller; queue the call instead). After the stop the service leaves
    // shutdownProgress() too.
    bool removeService(const QString &name);
    QStringList serviceNames() const;
    bool contains(const QString &name) const;
    std::optional<ServiceStatus> status(const QString &name) const;
    QList<ServiceStatus> statuses() const;
    std::optional<ServiceOptions> serviceOptions(const QString &name) const;
    // The service object itself, for its own thread-safe API (a queue's
    // enqueue()); valid while it stays in the host. Null if there is none.
    Service *service(const QString &name) const;
    bool setServiceOptions(const QString &name, const ServiceOptions &options);

    void start();
    void stop();

    // One service at a time, while the host is Starting or Running. false when
    // there is no such service or the request makes no sense in its state.
    bool startService(const QString &name);
    bool stopService(const QString &name);
    bool restartService(const QString &name);

    // Where the graceful stop stands (entries are empty before stop()).
    ShutdownProgress shutdownProgress() const;
    // Once Stopped: a service faulted with StopHost, threw from onStop() while
    // the host stopped it, or ended Faulted, GaveUp or TimedOut. failures() says
    // which, each failing service once (its first failure), in the order they
    // happened. A run Cancelled (it threw after its stop request) is no failure.
    bool failed() const;
    QList<ServiceFailure> failures() const;
    // ExitCode::Success or ExitCode::ServiceFailure, as an int for main().
    int exitCode() const;
    // Threads that any host gave up on and that have not ended yet: counted
    // until Qt is done with them (QThread::wait() would return), not merely
    // until their service's code returned.
    static int abandonedThreadCount();

    // Only the host emits these (QPrivateSignal): a slot may trust that each
    // reports what the host did.
Q_SIGNALS:
    void stateChanged(workhost::HostState state, QPrivateSignal);
    void serviceAdded(const QString &name, QPrivateSignal);
    void serviceRemoved(const QString &name, QPrivateSignal);
    void serviceStateChanged(const workhost::ServiceTransition &transition, QPrivateSignal);
    void statusesChanged(const QList<workhost::ServiceStatus> &statuses, QPrivateSignal);
    void shutdownProgressChanged(const workhost::ShutdownProgress &progress, QPrivateSignal);

private:
    AddServiceResult<Service> adopt(std::unique_ptr<Service> service, ServiceOptions options);
    AddServiceRefusal refusalFor(const Service *service) const;
    void connectController(ServiceController *controller);
    ServiceController *find(const QString &name) const;
    void setState(HostState state);
    void onTransition(ServiceController *controller, const ServiceTransition &transition);
    void startNext();
    void finishStartingIfDone();
    void finishStopping();
    QDeadlineTimer destroyDeadline() const;

    const HostOptions m_options;
    HostState m_state = HostState::Created;
    HostLifetime *m_lifetime;
    PipelineLogger m_log;
    std::shared_ptr<HostLink> m_link;
    QList<ServiceController *> m_controllers; // registration order; children of this
    QList<ServiceController *> m_startQueue;  // still to start with the host
    QList<ServiceController *> m_awaitingStart;
    QElapsedTimer m_startClock;
    // Locked while the host emits (or a controller reports to it).
    std::unique_ptr<ReentryGuard> m_emitting;
    std::unique_ptr<HostFailures> m_failures;
    std::unique_ptr<HostStopSequence> m_stopSequence;
    std::unique_ptr<StatusBatches> m_statusBatches;
};

} // namespace workhost
