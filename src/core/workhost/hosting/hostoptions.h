#pragma once

#include <chrono>

namespace workhost {

// Options of the whole host: plain data with documented defaults, as .NET's HostOptions.
struct HostOptions
{
    // One deadline for the whole stop, shared by every service (never one per
    // service, so timeouts do not add up). 30 s is .NET's default since .NET 7.
    // A single service stopped on its own gets the same allowance.
    std::chrono::milliseconds shutdownTimeout = std::chrono::seconds(30);

    // false: start in registration order, each after the previous one is up.
    bool startConcurrently = false;

    // false: stop in reverse registration order (LIFO), one after the other.
    bool stopConcurrently = false;

    // Sequential stop only: how long the host waits for one service before it
    // asks the next one too. The slow service is not given up on: it keeps
    // stopping, and keeps its place in the report, until shutdownTimeout.
    // Zero (the default) is a fair share: the time left to the deadline divided
    // by the services still to ask, itself included; so each of n services
    // gets at least shutdownTimeout / n, and one stuck service cannot make the
    // healthy ones behind it time out. A longer value is cut to that share.
    std::chrono::milliseconds serviceStopTimeout{0};

    // How long ~Host waits for runs still in progress when the host is
    // destroyed before its stop has finished: it asks them all to stop at
    // once (this is their deadline), waits at most this long, then abandons
    // the threads that have not returned (see Host's destructor). Never more
    // than shutdownTimeout, nor past the deadline of a stop under way. The
    // short default keeps a destructor from blocking its thread for the whole
    // shutdownTimeout; set it to shutdownTimeout to wait as a graceful stop
    // would, or stop the host and wait for Stopped before destroying it.
    std::chrono::milliseconds destroyGrace = std::chrono::seconds(2);

    // Shortest interval between two coalesced status batches (statusesChanged),
    // and so the longest a counter change waits to be published. Counter
    // updates wake the host's thread at most once per interval.
    std::chrono::milliseconds statusInterval = std::chrono::milliseconds(50);

    bool operator==(const HostOptions &) const = default;
};

} // namespace workhost
