#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace workhost {

// Who is at the other end of a connected unix socket, as the kernel recorded
// it when the peer connected (SO_PEERCRED): not what the peer claims.
struct PeerCredentials
{
    qint64 pid = 0;
    uint uid = 0;
    uint gid = 0;
};

// The credentials of `descriptor`'s peer; nullopt with `error` set when the
// kernel does not give them (not a unix socket, closed). Any thread.
std::optional<PeerCredentials> peerCredentials(qintptr descriptor, QString *error = nullptr);

} // namespace workhost
