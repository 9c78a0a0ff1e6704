#pragma once

#include <sys/types.h>

namespace workhost {

// The processes below this one, read from /proc with raw system calls and
// fixed buffers (no allocation, no stdio): usable in a signal handler, in the
// orphan guard after the host is gone, and from any thread.
//
// The host is a child subreaper (see ProcessContainment), so a process whose
// parent dies comes back to the host instead of init: "below the host" covers
// daemons too, unless they were started before the host took that role.
// Static; every function is async-signal-safe; killAll() is not reentrant.
class ProcessTree
{
public:
    static constexpr int capacity = 8192;

    // The children of `parent` (0: this process), forked by any of its
    // threads; at most `room` of them. Returns how many were written.
    static int childrenOf(pid_t parent, pid_t *out, int room);
    // Every descendant of this process, parents before their children.
    static int descendants(pid_t *out, int room);
    // The state letter of /proc/PID/stat ('Z': a zombie), or 0 when it is gone.
    static char state(pid_t pid);
    // The state letter and process group, from one read of /proc/PID/stat
    // (state 0 when it is gone).
    struct Stat
    {
        char state = 0;
        pid_t group = 0;
    };
    static Stat stat(pid_t pid);
    // Whether `entry` ("NAME=value", whole) is in the process's environment
    // as it was at its exec (false when unreadable).
    static bool hasEnvironmentEntry(pid_t pid, const char *entry);
    // Whether one of its environment entries starts with `prefix`.
    static bool hasEnvironmentPrefix(pid_t pid, const char *prefix);
    // SIGKILLs every living descendant but `spare`, in rounds (a killed
    // parent's children come back to the host, a subreaper) until none is
    // left or about two seconds pass. Returns how many it killed. A call
    // while another runs returns -1 at once.
    static int killAll(pid_t spare);

private:
    static bool environmentMatches(pid_t pid, const char *text, bool whole);
};

} // namespace workhost
