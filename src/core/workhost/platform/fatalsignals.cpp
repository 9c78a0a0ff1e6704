#include <workhost/platform/fatalsignals.h>

#include <workhost/platform/orphanguard.h>
#include <workhost/platform/processgroupregistry.h>
#include <workhost/platform/processtree.h>

#include <csignal>

namespace workhost {

namespace {

constexpr int s_fatal[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};

void onFatalSignal(int signal)
{
    ProcessGroupRegistry::forbidLaunches();
    ProcessGroupRegistry::signalAll(SIGKILL);
    ProcessTree::killAll(OrphanGuard::pid());
    // Blocked while this handler runs: delivered with the default action on return.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

} // namespace

void FatalSignals::install()
{
    // Its own stack: a stack overflow is a SIGSEGV too.
    static char alternateStack[64 * 1024];
    stack_t stack = {};
    stack.ss_sp = alternateStack;
    stack.ss_size = sizeof alternateStack;
    ::sigaltstack(&stack, nullptr);

    struct sigaction action = {};
    action.sa_handler = onFatalSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK;
    for (const int signal : s_fatal)
        ::sigaction(signal, &action, nullptr);
}

} // namespace workhost
