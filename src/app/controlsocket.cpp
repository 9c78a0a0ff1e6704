#include "app/controlsocket.h"

#include "app/hostclaim.h"

#include <spdlog/spdlog.h>

namespace workhost {

std::unique_ptr<HostControl> openControlSocket(Host &host, const HostClaim &claim,
                                               HostControlSetup setup)
{
    if (!claim.mayListen()) {
        spdlog::warn("{}; the host runs without one", qUtf8Printable(claim.warning()));
        return nullptr;
    }
    setup.server.configPath = claim.configPath();
    auto control = std::make_unique<HostControl>(host, std::move(setup));
    if (!control->listen(claim.socketPath())) {
        spdlog::warn("no control socket: {}; the host runs without one",
                     qUtf8Printable(control->errorString()));
        return nullptr;
    }
    spdlog::info("control socket: listening on {}", qUtf8Printable(claim.socketPath()));
    return control;
}

} // namespace workhost
