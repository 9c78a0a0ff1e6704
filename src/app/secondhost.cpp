#include "app/secondhost.h"

#include "app/hostclaim.h"
#include <workhost/runtime/processexit.h>

#include <cstdio>

namespace workhost {

int answerSecondHost(const HostClaim &claim, LaunchMode mode)
{
    // LaunchMode::Window: attach to the running host here instead, once the
    // window can show a remote host.
    (void)mode;
    std::fprintf(stderr, "workhost: %s\n", qUtf8Printable(claim.refusal()));
    return static_cast<int>(ExitCode::HostAlreadyRunning);
}

} // namespace workhost
