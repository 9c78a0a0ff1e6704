#include "app/secondhost.h"

#include "app/attachedwindow.h"
#include "app/hostclaim.h"
#include <workhost/runtime/processexit.h>

#include <cstdio>

namespace workhost {

int answerSecondHost(const HostClaim &claim, LaunchMode mode)
{
    if (mode == LaunchMode::Window) {
        std::fprintf(stderr, "workhost: a host already runs %s (pid %lld): attaching to it\n",
                     qUtf8Printable(claim.configPath()), static_cast<long long>(claim.otherPid()));
        return runAttachedWindow(claim.socketPath());
    }
    std::fprintf(stderr, "workhost: %s\n", qUtf8Printable(claim.refusal()));
    return static_cast<int>(ExitCode::HostAlreadyRunning);
}

} // namespace workhost
