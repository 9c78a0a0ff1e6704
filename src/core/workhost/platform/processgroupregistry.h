#pragma once

#include <sys/types.h>

namespace workhost {

// The process groups of the programs Workhost runs, for the exits that cannot
// wait for each worker's own stop: an abandon (second Ctrl+C, "Quit now",
// abandoned threads), a fatal signal of the host, and the orphan guard once
// the host died of SIGKILL. A fixed table of atomic pids: lock-free, readable
// from a signal handler, and (after prepareShared()) in a shared mapping that
// the orphan guard, forked from the host, reads after the host is gone.
//
// A command worker adds its program's group once the program has started and
// removes it once the program has been reaped. Static; every function is
// thread-safe, and those marked so are async-signal-safe.
class ProcessGroupRegistry
{
public:
    static constexpr int capacity = 4096;

    // Moves the table to a shared anonymous mapping, so that processes forked
    // afterwards see it change. Once, early in main(), before any add().
    static void prepareShared();

    // false when the table is full: the group is then only stopped by its
    // worker, not at an abandon or a crash (4,096 is four times the workers
    // the loader accepts).
    static bool add(pid_t group);
    static void remove(pid_t group);
    static bool contains(pid_t group);
    // Copies the registered groups (at most `room`, in no order); how many.
    static int copyGroups(pid_t *out, int room);
    // Sends `signal` to every registered group; the number of groups.
    // Async-signal-safe.
    static int signalAll(int signal);

    // The host is leaving: a program forked from now on exits before it runs
    // (the command worker's child setup asks). Async-signal-safe.
    static void forbidLaunches();
    static bool launchesForbidden(); // async-signal-safe

    // Counts the launches between the fork and add(), so that the reaper of
    // adopted orphans never reaps a program its QProcess has not registered
    // yet (see AdoptedChildReaper).
    class Launch
    {
    public:
        Launch();
        ~Launch();
        Launch(const Launch &) = delete;
        Launch &operator=(const Launch &) = delete;
    };
    static int launchesInProgress();
};

} // namespace workhost
