#pragma once

#include <memory>
#include <sys/types.h>
#include <vector>

namespace workhost {

// The host's descendants at one moment, each with its process group and
// state (walked with ProcessTree), and the process groups registered just
// after the walk (ProcessGroupRegistry): what a command worker's stop looks
// at to find its daemons and the rest of its program's group.
//
// Workers stopping together share the walks: fresh() hands every caller that
// waits at the same time the same snapshot, one whose walk began after its
// call. A walk reads every descendant, so n workers each walking for their
// own stop cost n x n reads of /proc (1,000 workers took over a minute to
// stop); shared, a concurrent stop costs a few walks in all.
//
// Immutable once taken. fresh() is thread-safe (a mutex and a condition
// variable; the walk itself runs unlocked, on the thread of one caller).
class ProcessSnapshot
{
public:
    struct Process
    {
        pid_t pid = 0;
        pid_t group = 0;
        char state = 0; // /proc/PID/stat's letter ('Z': a zombie), 0 once gone
    };

    // A snapshot whose walk began after this call. Blocks while a walk that
    // began earlier finishes and the next one runs (two walks at most).
    static std::shared_ptr<const ProcessSnapshot> fresh();

    const std::vector<Process> &processes() const { return m_processes; }
    // Whether `group` was a registered program's group just after the walk.
    bool isRegisteredGroup(pid_t group) const;

private:
    ProcessSnapshot() = default;
    static std::shared_ptr<const ProcessSnapshot> take();

    std::vector<Process> m_processes;      // parents before their children
    std::vector<pid_t> m_registeredGroups; // sorted
};

} // namespace workhost
