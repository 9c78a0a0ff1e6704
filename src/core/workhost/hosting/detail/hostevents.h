#pragma once

#include <QString>

#include <chrono>

namespace spdlog {
class logger;
}

namespace workhost::hostevents {

// The host's log events, one function each, so that their wording and level
// live in one place (as .NET's LoggerMessage definitions). Events about one
// service go to that service's logger, so a view filtered to it shows them.
// A stop on request, even one that threw on cancellation, is never logged as an error.

void hostStarting(spdlog::logger &log, int services);
void hostStarted(spdlog::logger &log, std::chrono::milliseconds took);
void hostStopping(spdlog::logger &log, std::chrono::milliseconds deadline);
void hostStopped(spdlog::logger &log, std::chrono::milliseconds took, int timedOut, int failed);
// ~Host before the stop had finished: it asked `runs` to stop within `grace`.
void hostDestroyedWhileRunning(spdlog::logger &log, int runs, std::chrono::milliseconds grace);
void serviceStarting(spdlog::logger &log, const QString &reason);
void serviceStarted(spdlog::logger &log);
void serviceStopping(spdlog::logger &log, const QString &reason);
void serviceStopped(spdlog::logger &log, std::chrono::milliseconds took);
void serviceCompleted(spdlog::logger &log);
void serviceFaulted(spdlog::logger &log, const QString &error, bool inStartup);
void serviceStopError(spdlog::logger &log, const QString &error);
// It threw after its stop was requested: a cancellation, not an error.
void serviceCancelled(spdlog::logger &log, const QString &exception);
void serviceBackingOff(spdlog::logger &log, std::chrono::milliseconds delay, int attempt);
void serviceGaveUp(spdlog::logger &log, int restarts, std::chrono::milliseconds window);
void serviceTimedOut(spdlog::logger &log, std::chrono::milliseconds waited);
void serviceOverranStopShare(spdlog::logger &log, std::chrono::milliseconds share);
void serviceReturnedLate(spdlog::logger &log);
void serviceStartRefused(spdlog::logger &log, const QString &why);

} // namespace workhost::hostevents
