#pragma once

#include <QString>

#include <optional>
#include <sys/resource.h>

namespace workhost {

// The host's open-file limit. Every service run costs descriptors (its
// thread's event-loop wake-up, a program's pipes), and GLib aborts the whole
// process when a new thread cannot get one: so the host raises its soft limit
// to the hard one at start, as supervisord's minfds does, and refuses to start
// a run when too few are left (the run faults with the reason instead).
// Children get the original soft limit back (see CommandWorker): programs
// that loop over every descriptor up to the limit would be slow otherwise.
//
// Static; raiseSoftLimit() once, early in main(); the rest from any thread.
class DescriptorLimit
{
public:
    struct Change
    {
        rlim_t from = 0;
        rlim_t to = 0;
    };
    // Raises the soft RLIMIT_NOFILE to the hard limit; what it was and is now.
    static Change raiseSoftLimit();
    // The soft limit as it was before raiseSoftLimit() (async-signal-safe).
    static rlim_t originalSoftLimit();
    // Descriptors this process has open now.
    static int openCount();
    // Why a new run cannot start: fewer than `needed` descriptors left.
    static std::optional<QString> shortage(int needed);
};

} // namespace workhost
