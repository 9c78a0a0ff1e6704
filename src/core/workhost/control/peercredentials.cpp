#include <workhost/control/peercredentials.h>

#include <cerrno>
#include <cstring>

#include <sys/socket.h>

namespace workhost {

std::optional<PeerCredentials> peerCredentials(qintptr descriptor, QString *error)
{
    struct ucred credentials = {};
    socklen_t length = sizeof credentials;
    if (::getsockopt(int(descriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
        length != sizeof credentials) {
        if (error)
            *error = QStringLiteral("the peer's credentials are unknown (SO_PEERCRED: %1)")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return std::nullopt;
    }
    return PeerCredentials{qint64(credentials.pid), uint(credentials.uid), uint(credentials.gid)};
}

} // namespace workhost
