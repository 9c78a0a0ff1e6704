#pragma once

#include <sys/resource.h>
#include <sys/types.h>

namespace workhost {

// What a command worker's program gets between fork and exec, so that it
// cannot outlive the host and sees nothing of it:
//  - its own process group (stop and the exits reach its children too);
//  - PR_SET_PDEATHSIG(SIGKILL), so that SIGKILL of the host (or the OOM
//    killer) takes it along; the kernel ties it to the forking THREAD, the
//    service's, which is fine: a run's thread ends only after its program
//    (CommandWorker::onStop waits for it). getppid() is checked afterwards:
//    a host gone before the prctl would never send it;
//  - none of the host's descriptors (close_range(3, ~0, CLOSE_RANGE_CLOEXEC):
//    marked, not closed, so that QProcess's own exec-error pipe still works);
//  - the soft descriptor limit the host started with (DescriptorLimit);
//  - default SIGPIPE (the host ignores it) and an empty signal mask;
//  - no start at all once the host is leaving (ProcessGroupRegistry).
//
// A value captured by the QProcess child modifier; apply() runs in the child,
// possibly in a vfork: async-signal-safe calls only, no write to shared memory.
struct ChildProcessSetup
{
    pid_t host = 0;
    rlim_t softLimit = RLIM_INFINITY;

    static ChildProcessSetup forThisHost();
    void apply() const noexcept;
};

} // namespace workhost
