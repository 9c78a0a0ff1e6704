#pragma once

namespace workhost {

class HostClaim;

// What a second Workhost does when a host already runs its configuration
// (claim.heldByOther()): it never starts a second host. Today, in both modes:
// one line on stderr (claim.refusal()) and ExitCode::HostAlreadyRunning.
// The window will attach to the running host here instead (issue 16).
enum class LaunchMode { Headless, Window };

int answerSecondHost(const HostClaim &claim, LaunchMode mode);

} // namespace workhost
