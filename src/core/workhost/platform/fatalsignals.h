#pragma once

namespace workhost {

// When the host itself crashes (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL),
// the programs it started must not live on: an async-signal-safe handler
// forbids new launches, SIGKILLs every registered process group and every
// descendant (ProcessTree::killAll), then dies of the same signal with its
// default action (a core dump where enabled). A sanitizer that keeps such a
// signal for itself leaves the work to the orphan guard.
//
// Static; install() once, from main(), after the logging is set up.
class FatalSignals
{
public:
    static void install();
};

} // namespace workhost
