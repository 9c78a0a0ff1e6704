#pragma once

#include "core/hoststates.h"

#include <chrono>

namespace workhost {

// When and how fast a faulted service is started again: exponential backoff
// and an intensity limit, as supervisord, systemd and Erlang/OTP do.
struct RestartPolicy
{
    std::chrono::milliseconds initialBackoff = std::chrono::seconds(1);
    double backoffFactor = 2.0;
    std::chrono::milliseconds maxBackoff = std::chrono::seconds(60);
    // A run that stayed healthy this long resets the backoff to its initial delay.
    std::chrono::milliseconds resetAfter = std::chrono::seconds(30);
    // More than maxRestarts automatic restarts within intensityWindow: GaveUp.
    int maxRestarts = 5;
    std::chrono::milliseconds intensityWindow = std::chrono::seconds(60);
};

// Options of one service.
struct ServiceOptions
{
    FaultPolicy faultPolicy = FaultPolicy::Restart;
    RestartPolicy restart;
    // Start with the host. Services that are not autostarted are started by hand.
    bool autostart = true;
    // A service whose execute() returns on its own has completed and stays
    // Stopped; with this set it is started again under the restart policy
    // (for jobs meant to run again, such as a command in continuous mode).
    bool restartOnCompletion = false;
};

} // namespace workhost
