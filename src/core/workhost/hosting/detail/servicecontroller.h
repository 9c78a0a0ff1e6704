#pragma once

#include <workhost/hosting/detail/restartbackoff.h>
#include <workhost/hosting/serviceoptions.h>
#include <workhost/hosting/servicestatus.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace workhost {

class Service;
class ServiceThread;

// The state machine of one service (internal to the host): starts its runs on
// fresh ServiceThreads, stops them under a deadline, applies the fault and
// restart policies, and reports every transition.
//
// Owner: the Host (QObject parent); lives on the host's thread, and every
// method is called there. The threads report back through queued signals, so
// all state changes happen on this one thread, in order.
//
// Emits transitioned() synchronously for every state change, in order, none
// ever skipped, each an edge of servicetransitions.h's table (asserted);
// changed() whenever the status snapshot may differ.
class ServiceController : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceController)

public:
    ServiceController(std::shared_ptr<Service> service, ServiceOptions options, QObject *parent);
    ~ServiceController() override;

    QString name() const;
    Service *service() const { return m_service.get(); }
    ServiceState state() const { return m_state; }
    ServiceOptions options() const { return m_options; }
    void setOptions(const ServiceOptions &options);
    ServiceStatus status() const;
    // A thread of this service is still running its code.
    bool threadAlive() const { return !m_thread.isNull(); }

    // Starts a run. Returns false, and logs why, when it cannot: its last
    // thread never returned (TimedOut). While Stopping, starts once stopped.
    // Too few descriptors left for another run (see roomForAnotherRun()): the
    // run faults with the reason.
    bool start(const QString &reason);
    // Whether the descriptors left leave room for one more run while the runs
    // still starting (of every controller) take theirs, with a margin: true
    // means start() will not fault for descriptors. The host's start holds the
    // next service back while there is none, rather than make it fault.
    static bool roomForAnotherRun();
    // Asks a running service to stop by `deadline`, after which it is TimedOut.
    // Returns false when there is nothing to stop.
    bool stop(QDeadlineTimer deadline, const QString &reason);
    // Stops, then starts again.
    bool restart(QDeadlineTimer deadline);
    // false while the host shuts down: faults then never lead to restarts.
    void setRestartsAllowed(bool allowed);

    // For the host's destructor, which asks every thread before it waits for
    // any. stopThread(): asks the run's thread to stop by `deadline`,
    // reporting no transition; false when no thread runs. waitForThread():
    // waits for it until `deadline`; false if it still runs. abandonThread():
    // gives up a thread that did not end (see Host's destructor).
    bool stopThread(QDeadlineTimer deadline);
    bool waitForThread(QDeadlineTimer deadline);
    void abandonThread();
    // True once after the service's own counters changed.
    bool takeCountersChanged();

Q_SIGNALS:
    void transitioned(const workhost::ServiceTransition &transition);
    void changed();
    // The service faulted (with `error`) and its policy is FaultPolicy::StopHost.
    void stopHostRequested(const QString &error);
    // The service threw while stopping (it is Stopped all the same).
    void stopFailed(const QString &error);

private:
    void launch(const QString &reason, bool automaticRestart = false);
    void onServiceStarted(int runId);
    // `outcome` is a RunOutcome (an int across the thread: see ServiceThread::runEnded).
    void onRunEnded(int runId, int outcomeValue, const QString &error, bool inStartup);
    void onStopDeadline();
    void onBackoffElapsed();
    void endRun();
    void endStarting(); // the run's thread is up (or gone): it has its descriptors
    void handleFault(const QString &error, bool inStartup);
    // `outcome`: of the run that just completed; none after a fault (already reported).
    void scheduleRestart(const QString &why, std::optional<RunOutcome> outcome);
    // Asserts that the transition, with its outcome, is in servicetransitions.h.
    void setState(ServiceState to, const QString &reason,
                  std::optional<RunOutcome> outcome = std::nullopt, bool automaticRestart = false);

    const std::shared_ptr<Service> m_service;
    ServiceOptions m_options;
    RestartBackoff m_backoff;
    ServiceState m_state = ServiceState::Stopped;
    QDateTime m_stateSince;
    QDateTime m_startedAt;
    QElapsedTimer m_runClock;  // since the current run started
    QElapsedTimer m_stopClock; // since the current stop was asked
    QPointer<ServiceThread> m_thread;
    int m_runId = 0;
    int m_restartCount = 0;
    std::chrono::milliseconds m_backoffDelay{0};
    QString m_lastError;
    std::optional<RunOutcome> m_lastOutcome;
    bool m_startWhenStopped = false;
    bool m_restartsAllowed = true;
    bool m_starting = false; // counted in the runs still starting
    std::chrono::nanoseconds m_cpuOfEndedRuns{0};
    QTimer m_stopDeadline;
    QTimer m_backoffTimer;
};

} // namespace workhost
