#include "app/hostclaim.h"

#include <QFileInfo>

namespace workhost {

namespace {

// The path a person recognises: absolute, as the hello and the socket's name use.
QString displayedPath(const QString &configPath)
{
    return configPath.startsWith(QLatin1Char(':')) ? configPath
                                                   : QFileInfo(configPath).absoluteFilePath();
}

} // namespace

HostClaim::HostClaim(const QString &configPath)
    : m_configPath(displayedPath(configPath))
    , m_directory(RuntimeDirectory::prepare())
{
    if (!m_directory.isUsable()) {
        m_warning = QStringLiteral("no control socket: %1").arg(m_directory.error());
        return;
    }
    // (InstanceLock neither copies nor moves: `new` takes onFile()'s result in place.)
    m_lock.reset(new InstanceLock(InstanceLock::onFile(m_directory.lockPath(m_configPath))));
    if (m_lock->outcome() == InstanceLock::Outcome::Unavailable)
        m_warning = QStringLiteral("no control socket: cannot lock %1 (%2)")
                        .arg(m_lock->filePath(), m_lock->error());
}

bool HostClaim::heldByOther() const
{
    return m_lock && m_lock->outcome() == InstanceLock::Outcome::HeldByOther;
}

qint64 HostClaim::otherPid() const
{
    return m_lock ? m_lock->otherPid() : 0;
}

QString HostClaim::refusal() const
{
    return QStringLiteral("a host already runs %1 (pid %2, socket %3); watch it with `workhost "
                          "ctl status`")
        .arg(m_configPath)
        .arg(otherPid())
        .arg(socketPath());
}

QString HostClaim::socketPath() const
{
    return m_directory.isUsable() ? m_directory.socketPath(m_configPath) : QString();
}

QString HostClaim::socketPathFor(const QString &configPath)
{
    const RuntimeDirectory directory = RuntimeDirectory::prepare();
    return directory.isUsable() ? directory.socketPath(displayedPath(configPath)) : QString();
}

} // namespace workhost
