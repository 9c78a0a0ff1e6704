#pragma once

// The HostSession a GUI test shows its host through: the one place where the
// window's tests pick an implementation. In-process today; the remote one
// (over a host's control socket) is to be offered here as well, so that the
// same tests run against both.

#include <workhost/session/inprocesshostsession.h>

#include <memory>

namespace workhost::test {

inline std::unique_ptr<HostSession> sessionOver(InProcessHostSession::Parts parts)
{
    return std::make_unique<InProcessHostSession>(parts);
}

} // namespace workhost::test
