#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/stoptoken.h>
#include <workhost/logging/pipelinelogger.h>

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace spdlog {
class logger;
}

namespace workhost {

class ServiceThread;

// Base of every service. Do not derive from it directly: derive from
// BackgroundWorker (one execute() loop) or HostedService (event-driven).
//
// Ownership: a Host owns its services (added with Host::addService). A run's
// thread shares that ownership while it runs, so a service outlives a host
// that had to abandon its thread.
//
// Threads: name() and kind() from any thread. The reporting functions below
// are for the service's own code, on its thread (they are thread-safe).
// The host reads the counters from its own thread and publishes them,
// coalesced, as ServiceStatus snapshots.
class Service
{
public:
    virtual ~Service();
    Service(const Service &) = delete;
    Service &operator=(const Service &) = delete;

    QString name() const { return m_name; }
    ServiceKind kind() const { return m_kind; }

    // The service's own logger, named after it, in the LogPipeline current
    // when it logs (also for a service made before the pipeline).
    spdlog::logger &log() const { return m_logger.get(); }
    std::shared_ptr<spdlog::logger> logger() const { return m_logger.shared(); }

    // Live counters, readable from any thread.
    struct Counters
    {
        int progress = -1; // -1: none reported
        QString progressText;
        qint64 itemsDone = 0;
        QString note;                // the service's own one-line status for people
        std::optional<int> exitCode; // of the last external job it ran, if any
    };
    Counters counters() const;

protected:
    Service(QString name, ServiceKind kind);

    // Progress of the current work, 0..100, with a short text for people.
    void setProgress(int percent, const QString &text = {});
    void clearProgress();
    // Advances the counter of items done (lines, files, queue items).
    void addItemsDone(qint64 count = 1);
    // A short status for people ("queue depth 12", "exit code 0").
    void setNote(const QString &note);
    // The exit code of the last external job (the command worker).
    void setExitCode(int code);
    // Asks the host to stop, as IHostApplicationLifetime.StopApplication does.
    // Returns at once; the host stops gracefully on its own thread.
    void requestHostStop();

private:
    friend class ServiceThread;
    friend class ServiceController;
    friend class Host;

    // What one run of the service came to: Completed (it returned), Cancelled
    // or Faulted. The controller reads a return after a stop request as Stopped.
    struct RunResult
    {
        RunOutcome outcome = RunOutcome::Completed;
        QString error;          // the exception's text when Faulted or Cancelled
        bool inStartup = false; // it ended before it reported itself started
    };

    // Runs the service once on `thread`; reports started through it.
    // Implemented by BackgroundWorker and HostedService only.
    virtual RunResult run(ServiceThread &thread) = 0;

    friend class BackgroundWorker;
    friend class HostedService;

    // Calls `body`, turning an exception into a Cancelled result when
    // `cancellation` was asked to stop by the time it was caught, else into a
    // Faulted one (the rule is RunOutcome's). A default token never cancels.
    static RunResult guarded(const std::function<void()> &body, const StopToken &cancellation = {});

    void attach(std::shared_ptr<class HostLink> link);
    void countersChanged();
    // True once after the counters changed; the host publishes the status then.
    bool takeCountersChanged() { return m_countersChanged.exchange(false); }

    const QString m_name;
    const ServiceKind m_kind;
    PipelineLogger m_logger;
    std::shared_ptr<HostLink> m_link;
    std::atomic<bool> m_countersChanged = false;

    mutable std::mutex m_countersMutex;
    Counters m_counters;
};

} // namespace workhost
