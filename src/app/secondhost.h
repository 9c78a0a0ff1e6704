#pragma once

namespace workhost {

class HostClaim;

// What a second Workhost does when a host already runs its configuration
// (claim.heldByOther()): it never starts a second host. Headless: one line
// on stderr (claim.refusal()) and ExitCode::HostAlreadyRunning. Window: it
// says so on stderr and attaches to that host (runAttachedWindow()), until
// the window is closed.
enum class LaunchMode { Headless, Window };

int answerSecondHost(const HostClaim &claim, LaunchMode mode);

} // namespace workhost
