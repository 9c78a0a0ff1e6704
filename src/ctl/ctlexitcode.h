#pragma once

namespace workhost::ctl {

// workhost-ctl's exit statuses, one meaning each, so that a script can tell
// "the host said no" from "there is no host" (listed in --help and the man page).
enum class CtlExit : int {
    Ok = 0,
    Failed = 1,        // a request failed, or a worker did not reach its state
    Usage = 2,         // the command line is wrong
    NoHost = 3,        // no host answers on the socket of this configuration
    Unhealthy = 4,     // health: a worker is not where it should be
    ProtocolError = 5, // the host sent what this side cannot read, or the connection was lost
    UnknownSeq = 6,    // logs --from: the host has no such seq (past its newest: an earlier host)
};

constexpr int toInt(CtlExit code)
{
    return static_cast<int>(code);
}

} // namespace workhost::ctl
