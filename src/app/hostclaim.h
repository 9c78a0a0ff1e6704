#pragma once

#include <workhost/control/runtimedirectory.h>
#include <workhost/runtime/instancelock.h>

#include <QString>

#include <memory>

namespace workhost {

// One host per configuration file (issue 16): before a host starts, it
// prepares the runtime directory and takes the lock named after the
// configuration there (RuntimeDirectory::lockPath()), which it holds until the
// process ends (the kernel drops it with a host killed outright). Then it may
// listen on socketPath().
//
//   const HostClaim claim(configPath);
//   if (claim.heldByOther()) ... another host runs it: claim.refusal() ...
//   if (!claim.warning().isEmpty()) ... log it; the host runs without a socket ...
//
// A runtime directory or a lock that cannot be used never stops the host: it
// runs without a socket, and warning() says why.
//
// Owner: main(), for the whole life of the process. No Qt object; main thread.
class HostClaim
{
public:
    explicit HostClaim(const QString &configPath);

    // Another live process holds this configuration's lock.
    bool heldByOther() const;
    qint64 otherPid() const;
    // "a host already runs /path/workhost.json (pid 1234, socket ...); watch
    // it with `workhost ctl status`"
    QString refusal() const;
    // Why this host has no control socket; empty when it may listen.
    QString warning() const { return m_warning; }
    bool mayListen() const { return m_warning.isEmpty() && !heldByOther(); }
    QString socketPath() const;
    // The socket a host of `configPath` listens on, without claiming anything
    // (`workhost --attach`); empty when the runtime directory is unusable.
    static QString socketPathFor(const QString &configPath);
    QString configPath() const { return m_configPath; }

private:
    const QString m_configPath;
    const RuntimeDirectory m_directory;
    std::unique_ptr<const InstanceLock> m_lock; // none when the directory is unusable
    QString m_warning;
};

} // namespace workhost
