#pragma once

#include <workhost/hosting/service.h>

#include <QDeadlineTimer>
#include <QObject>

#include <optional>

namespace workhost {

// An event-driven service, as .NET's IHostedService: onStart() and onStop()
// run on the service's own thread, which runs a Qt event loop in between.
// Create timers, sockets and file watchers in onStart() with `context` as
// their parent: they live on the service's thread and are deleted when the
// run ends, after onStop().
//
//     void onStart(QObject &context) override {
//         auto *timer = new QTimer(&context);
//         QObject::connect(timer, &QTimer::timeout, &context, [this] { log().info("tick"); });
//         timer->start(5s);
//     }
//
// Throwing from onStart() is a fault (the host applies the FaultPolicy),
// unless the run's stop was requested first: then it is RunOutcome::Cancelled.
// Throwing from onStop() is recorded as a stop error (RunOutcome::Faulted). Qt does not let
// exceptions leave an event handler: from a handler, call fail() instead.
class HostedService : public Service
{
public:
    explicit HostedService(QString name)
        : Service(std::move(name), ServiceKind::Hosted)
    {}

protected:
    virtual void onStart(QObject &context) = 0;
    virtual void onStop() {}

    // From an event handler on the service's thread: end this run as faulted.
    void fail(const QString &error);
    // From an event handler on the service's thread: the work is done.
    void complete();
    // Stop requests of the current run, for blocking work inside a handler.
    StopToken stopToken() const { return m_token; }
    // From onStop(): when the host stops waiting; finish (or give up) before it.
    QDeadlineTimer stopDeadline() const;

private:
    RunResult run(ServiceThread &thread) final;

    ServiceThread *m_thread = nullptr; // during a run, on the service's thread only
    StopToken m_token;                 // idem
    std::optional<QString> m_failure;  // idem
};

} // namespace workhost
