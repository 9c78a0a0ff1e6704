#include "workers/childprocesssetup.h"

#include <workhost/platform/descriptorlimit.h>
#include <workhost/platform/processgroupregistry.h>

#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace workhost {

ChildProcessSetup ChildProcessSetup::forThisHost()
{
    return {::getpid(), DescriptorLimit::originalSoftLimit()};
}

void ChildProcessSetup::apply() const noexcept
{
    if (ProcessGroupRegistry::launchesForbidden())
        ::_exit(127);
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != host)
        ::_exit(127); // the host died before the prctl: nobody would send it

    rlimit limit{};
    if (::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0 &&
        ::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        for (rlim_t fd = 3; fd < limit.rlim_cur; ++fd) // a kernel before 5.11
            ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    }
    if (softLimit != RLIM_INFINITY && ::getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
        softLimit < limit.rlim_cur) {
        limit.rlim_cur = softLimit;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

} // namespace workhost
