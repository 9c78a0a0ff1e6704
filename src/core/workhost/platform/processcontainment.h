#pragma once

#include <memory>

namespace workhost {

class AdoptedChildReaper;

// Everything that keeps the programs Workhost starts from outliving it, set
// up once for the executable's run (the window or headless), in this order:
// the shared ProcessGroupRegistry table; the soft descriptor limit raised to
// the hard one (logged: "descriptors: soft limit raised from X to Y"); the
// host made a child subreaper (PR_SET_CHILD_SUBREAPER: a daemonizing
// program's orphans come back to the host, not to init); the OrphanGuard
// (for SIGKILL of the host); the FatalSignals handlers; and the
// AdoptedChildReaper. The exits themselves are in processexit.h.
//
// Owner: main(), after the logging is set up and before the host is made;
// main thread. Not for tests that run a host in their own process: the
// reaper and the subreaper role concern the whole process.
class ProcessContainment
{
public:
    ProcessContainment();
    ~ProcessContainment();
    ProcessContainment(const ProcessContainment &) = delete;
    ProcessContainment &operator=(const ProcessContainment &) = delete;

private:
    std::unique_ptr<AdoptedChildReaper> m_reaper;
};

} // namespace workhost
