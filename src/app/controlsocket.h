#pragma once

#include <workhost/control/hostcontrol.h>

#include <memory>

namespace workhost {

class HostClaim;

// Opens the host's control socket where the claim allows it: a HostControl
// listening on claim.socketPath(), logging "control socket: listening on
// ...". Where it cannot (no usable runtime directory, a lock or a socket that
// cannot be used), a warning line says why and the host runs without one:
// null. Called on the host's thread, once the log pipeline is up; the result
// is destroyed before the host (and before setup.reload).
std::unique_ptr<HostControl> openControlSocket(Host &host, const HostClaim &claim,
                                               HostControlSetup setup);

} // namespace workhost
