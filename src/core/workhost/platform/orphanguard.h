#pragma once

#include <sys/types.h>

namespace workhost {

// A small process forked from the host whose only work is to outlive it: it
// waits for the host to be gone, however it went (SIGKILL, the OOM killer, a
// crash), then SIGKILLs the process groups still registered
// (ProcessGroupRegistry's shared table) and every process whose environment
// carries this host's RunMarker, in rounds until none is left, and exits.
// After a clean exit it finds nothing. It ignores the terminal's and
// systemd's signals (SIGINT, SIGTERM, SIGHUP...) so that it is still there when
// the host is not; KillMode=mixed SIGKILLs it with the rest of the unit.
//
// It runs only async-signal-safe code after the fork (the host may have
// threads by then) and holds no descriptor of the host's but its pipe.
// Static; start() once, from main(), after ProcessGroupRegistry::prepareShared().
class OrphanGuard
{
public:
    // Forks the guard; its pid, or -1 when it could not be made.
    static pid_t start();
    // The guard's pid (-1 without one): the exit sweeps spare it.
    static pid_t pid();
};

} // namespace workhost
