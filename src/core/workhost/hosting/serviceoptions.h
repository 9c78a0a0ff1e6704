#pragma once

#include <workhost/hosting/hoststates.h>

#include <chrono>

namespace workhost {

// When and how fast a faulted service is started again: exponential backoff
// and an intensity limit, as supervisord, systemd and Erlang/OTP do.
//
// The defaults restart a one-off crash after 100 ms (systemd's RestartSec and
// PM2's first exp-backoff delay): too short for a person to notice, long
// enough that a program failing at once does not spin a core. A crash loop
// backs off (0.1, 0.2, 0.4 ... 12.8 s) and, with eight restarts allowed per
// minute, is given up after about 25 s of trying, about as long as the old
// defaults (1 s first, five restarts: 31 s), so a short outage is still
// ridden out. initialBackoff 0 turns the backoff off: every restart at once,
// and the intensity limit alone ends a crash loop.
struct RestartPolicy
{
    std::chrono::milliseconds initialBackoff{100};
    double backoffFactor = 2.0;
    std::chrono::milliseconds maxBackoff = std::chrono::seconds(60);
    // A run that stayed healthy this long resets the backoff to its initial delay.
    std::chrono::milliseconds resetAfter = std::chrono::seconds(30);
    // More than maxRestarts automatic restarts within intensityWindow: GaveUp.
    int maxRestarts = 8;
    std::chrono::milliseconds intensityWindow = std::chrono::seconds(60);

    bool operator==(const RestartPolicy &) const = default;
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

    bool operator==(const ServiceOptions &) const = default;
};

} // namespace workhost
