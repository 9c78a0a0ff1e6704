#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/itemsunit.h>
#include <workhost/hosting/serviceaction.h>
#include <workhost/hosting/stoptoken.h>
#include <workhost/logging/pipelinelogger.h>

#include <QList>
#include <QString>
#include <QVariantMap>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

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
// Threads: name(), kind(), actions() and runAction() from any thread. The
// reporting functions below are for the service's own code, on its thread
// (they are thread-safe). The host reads the counters from its own thread and
// publishes them, coalesced, as ServiceStatus snapshots: what the window's
// table and details, and a control client, show for any service without
// knowing its class (the items counter with its unit, the named values).
class Service
{
public:
    virtual ~Service();
    Service(const Service &) = delete;
    Service &operator=(const Service &) = delete;

    QString name() const { return m_name; }
    ServiceKind kind() const { return m_kind; }

    // The service's own logger, named after it, in the LogPipeline current
    // when it logs (also for a service made before the pipeline). Calling it
    // takes <spdlog/logger.h>, which this header leaves to the caller.
    spdlog::logger &log() const { return m_logger.get(); }
    std::shared_ptr<spdlog::logger> logger() const { return m_logger.shared(); }

    // Live counters, readable from any thread.
    struct Counters
    {
        int progress = -1; // -1: none reported
        QString progressText;
        qint64 itemsDone = 0;
        ItemsUnit itemsUnit; // what itemsDone counts
        QString note;        // the service's own one-line status for people
        QVariantMap values;  // named values: "pid" 4242, "exitCode" 0 (see setValue())
    };
    Counters counters() const;

    // The actions the service accepts (see addAction()), in the order declared.
    QList<ServiceAction> actions() const;
    // Runs the action `name` with `count` (kept within the action's range;
    // ignored by an action without one) on the calling thread, and returns
    // what it came to. An unknown name, or a handler that throws, is a result
    // with done false that says why; it never throws.
    ActionResult runAction(const QString &name, int count = 0);

protected:
    Service(QString name, ServiceKind kind);

    // Progress of the current work, 0..100, with a short text for people.
    void setProgress(int percent, const QString &text = {});
    void clearProgress();
    // Advances the counter of items done (lines, files, queue items).
    void addItemsDone(qint64 count = 1);
    // What the items counter counts (items until set): the rate then reads
    // "files/s" or "MB/s". Usually set once, in the constructor.
    void setItemsUnit(const ItemsUnit &unit);
    // A short status for people ("queue depth 12", "exit code 0").
    void setNote(const QString &note);
    // Publishes a named value beside the counters, for the window's details
    // and a control client: setValue("pid", 4242), setValue("exitCode", 0).
    // Names in lowerCamelCase, as settings are; values plain (a bool, a
    // number or a text: they cross threads and are shown as they are); a
    // handful per service, as every status carries them all.
    void setValue(const QString &name, const QVariant &value);
    // Withdraws a value that no longer holds (the pid of a program that ended).
    void clearValue(const QString &name);

    // What an action does: runs on the thread of whoever asks (the window's
    // GUI thread, a control channel's), never on the service's own, so it
    // must be thread-safe and return at once. A HostedService whose state
    // lives on its thread posts the work there (QMetaObject::invokeMethod on
    // an object of its run's context) and says so in its result.
    using ActionHandler = std::function<ActionResult(int count)>;
    // Declares an action, in the constructor (asserted: before a host shares
    // the service), so the list never changes while other threads read it.
    void addAction(ServiceAction action, ActionHandler handler);
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

    struct DeclaredAction
    {
        ServiceAction action;
        ActionHandler handler;
    };
    std::vector<DeclaredAction> m_actions; // fixed once a host holds the service
};

} // namespace workhost
