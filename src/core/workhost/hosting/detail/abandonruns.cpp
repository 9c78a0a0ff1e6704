#include <workhost/hosting/detail/abandonruns.h>

#include <workhost/hosting/detail/hostevents.h>
#include <workhost/hosting/detail/servicecontroller.h>
#include <workhost/hosting/service.h>

#include <chrono>

namespace workhost {

void abandonRuns(const QList<ServiceController *> &controllers, QDeadlineTimer deadline,
                 bool hostWasRunning, spdlog::logger &hostLog)
{
    const std::chrono::milliseconds allowance(deadline.remainingTime());
    int inProgress = 0;
    for (ServiceController *controller : controllers) {
        controller->setRestartsAllowed(false);
        inProgress += controller->stopThread(deadline) ? 1 : 0;
    }
    if (inProgress > 0 && hostWasRunning)
        hostevents::hostDestroyedWhileRunning(hostLog, inProgress, allowance);
    for (ServiceController *controller : controllers) {
        if (!controller->waitForThread(deadline)) {
            // A TimedOut service has said so at its deadline; the others say it
            // now, in their own log, with the time they had.
            if (controller->state() != ServiceState::TimedOut)
                hostevents::serviceTimedOut(controller->service()->log(), allowance);
            controller->abandonThread();
        }
    }
}

} // namespace workhost
