#include "app/secondhost.h"

#include "app/attachedwindow.h"
#include "app/hostclaim.h"
#include <workhost/runtime/processexit.h>

#include <cstdio>

namespace workhost {

int answerSecondHost(const HostClaim &claim, LaunchMode mode)
{
    if (mode == LaunchMode::Window)
        return runAttachedWindow(claim.socketPath(),
                                 QStringLiteral("a host already runs %1 (pid %2): attaching to it")
                                     .arg(claim.configPath())
                                     .arg(claim.otherPid()));
    std::fprintf(stderr, "workhost: %s\n", qUtf8Printable(claim.refusal()));
    return static_cast<int>(ExitCode::HostAlreadyRunning);
}

} // namespace workhost
