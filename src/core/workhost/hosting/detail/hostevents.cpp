#include <workhost/hosting/detail/hostevents.h>

#include <spdlog/spdlog.h>

namespace workhost::hostevents {

void hostStarting(spdlog::logger &log, int services)
{
    log.info("host starting {} service(s)", services);
}

void hostStarted(spdlog::logger &log, std::chrono::milliseconds took)
{
    log.info("host started in {} ms", took.count());
}

void hostStopping(spdlog::logger &log, std::chrono::milliseconds deadline)
{
    log.info("host stopping (deadline {} ms)", deadline.count());
}

void hostStopped(spdlog::logger &log, std::chrono::milliseconds took, int timedOut, int failed)
{
    if (timedOut == 0 && failed == 0)
        log.info("host stopped in {} ms", took.count());
    else
        log.warn("host stopped in {} ms: {} service(s) timed out, {} failed", took.count(),
                 timedOut, failed);
}

void hostDestroyedWhileRunning(spdlog::logger &log, int runs, std::chrono::milliseconds grace)
{
    log.warn("host destroyed before its stop finished: asked {} service(s) to stop within {} ms "
             "(HostOptions::destroyGrace); threads not back by then are abandoned",
             runs, grace.count());
}

void serviceStarting(spdlog::logger &log, const QString &reason)
{
    log.debug("starting ({})", qUtf8Printable(reason));
}

void serviceStarted(spdlog::logger &log)
{
    log.info("started");
}

void serviceStopping(spdlog::logger &log, const QString &reason)
{
    log.debug("stopping ({})", qUtf8Printable(reason));
}

void serviceStopped(spdlog::logger &log, std::chrono::milliseconds took)
{
    log.info("stopped in {} ms", took.count());
}

void serviceCompleted(spdlog::logger &log)
{
    log.info("completed its work");
}

void serviceFaulted(spdlog::logger &log, const QString &error, bool inStartup)
{
    log.error("faulted{}: {}", inStartup ? " while starting" : "", qUtf8Printable(error));
}

void serviceStopError(spdlog::logger &log, const QString &error)
{
    log.error("error while stopping: {}", qUtf8Printable(error));
}

void serviceCancelled(spdlog::logger &log, const QString &exception)
{
    log.info("cancelled: it threw on its stop request ({})", qUtf8Printable(exception));
}

void serviceBackingOff(spdlog::logger &log, std::chrono::milliseconds delay, int attempt)
{
    log.warn("restarting in {} ms (attempt {})", delay.count(), attempt);
}

void serviceGaveUp(spdlog::logger &log, int restarts, std::chrono::milliseconds window)
{
    log.error("gave up: {} restarts within {} s; start it by hand to try again", restarts,
              window.count() / 1000.0);
}

void serviceTimedOut(spdlog::logger &log, std::chrono::milliseconds waited)
{
    log.error("did not stop within the deadline ({} ms); its thread is abandoned", waited.count());
}

void serviceOverranStopShare(spdlog::logger &log, std::chrono::milliseconds share)
{
    // Not an error: it may still stop in time; only the deadline decides.
    log.warn("still stopping after its share of {} ms; the next service is asked meanwhile",
             share.count());
}

void serviceReturnedLate(spdlog::logger &log)
{
    log.warn("returned after the stop deadline; its thread has ended");
}

void serviceStartRefused(spdlog::logger &log, const QString &why)
{
    log.warn("not started: {}", qUtf8Printable(why));
}

} // namespace workhost::hostevents
