#pragma once

#include <QString>

namespace workhost {

// The directory that holds a host's control socket and lock: only this user
// may enter it, so that no other user can reach the socket, replace it, or
// squat its name.
//
//   $XDG_RUNTIME_DIR/workhost/       where the variable is set (systemd's
//                                    per-user /run/user/<uid>, mode 0700)
//   /tmp/workhost-<uid>/             where it is not
//
// prepare() creates the last component with mode 0700 and checks what it
// finds: a directory, not a symbolic link, owned by this process's effective
// uid, with no permission for group or others. Anything else is refused with
// the path and the reason (error()), never repaired: a directory someone else
// made in /tmp is exactly what must not be trusted.
//
//   const RuntimeDirectory dir = RuntimeDirectory::prepare();
//   if (!dir.isUsable()) ... refuse, saying dir.error() ...
//   server.listen(dir.socketPath(configPath));
//
// Owner: whoever asks; a value, any thread (prepare() touches the file system).
class RuntimeDirectory
{
public:
    // The path prepare() uses: from XDG_RUNTIME_DIR, or the fallback. No file
    // system access.
    static QString locate();
    // Creates (if needed) and checks locate(); see the class comment.
    static RuntimeDirectory prepare();
    // The same for an explicit directory (its parent must exist).
    static RuntimeDirectory prepare(const QString &path);

    bool isUsable() const { return m_error.isEmpty(); }
    QString path() const { return m_path; }
    QString error() const { return m_error; } // empty when usable

    // The socket and the lock of the host of one configuration file, named
    // after the file for a person and after a hash of its canonical path, so
    // that two files of the same name in other folders never share a socket:
    //   "workhost.json-3f2a9c0d41b7e655.sock", "...lock".
    QString socketPath(const QString &configPath) const;
    QString lockPath(const QString &configPath) const;
    static QString instanceName(const QString &configPath);

    // A unix socket's path fits in sockaddr_un::sun_path (108 bytes with the NUL).
    static constexpr qsizetype maxSocketPathBytes = 107;

private:
    RuntimeDirectory(const QString &path, const QString &error);

    QString m_path;
    QString m_error;
};

} // namespace workhost
