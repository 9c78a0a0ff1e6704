#pragma once

#include <workhost/hosting/service.h>

namespace workhost {

// A service with one long-running loop, as .NET's BackgroundService:
// implement execute(), which runs on the service's own thread until the
// token asks it to stop.
//
//     class Pinger : public BackgroundWorker {
//         void execute(StopToken token) override {
//             while (token.sleepFor(5s)) ping();   // returns at once on stop
//         }
//     };
//
// Returning from execute() without being asked to stop means the work is
// complete (RunOutcome::Completed, not a fault). Throwing before a stop was
// requested is a fault: the host applies the service's FaultPolicy. Throwing
// after it (a library that cancels by exception) is RunOutcome::Cancelled: a
// clean stop, never a failure. execute() must never touch a widget.
class BackgroundWorker : public Service
{
public:
    explicit BackgroundWorker(QString name)
        : Service(std::move(name), ServiceKind::Background)
    {}

protected:
    // The work, on the service's thread. Return soon after token.stopRequested().
    virtual void execute(StopToken token) = 0;

private:
    RunResult run(ServiceThread &thread) final;
};

} // namespace workhost
