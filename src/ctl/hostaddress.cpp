#include "ctl/hostaddress.h"

#include "ctl/ctlcommandline.h"

#include <workhost/config/configloader.h>
#include <workhost/control/runtimedirectory.h>

#include <QDir>
#include <QFileInfo>

namespace workhost::ctl {

HostAddress HostAddress::choose(const CtlCommandLine &line)
{
    if (!line.socketPath.isEmpty())
        return {QFileInfo(line.socketPath).absoluteFilePath(), {}};
    QString config = ConfigLoader::choosePath(line.configPath);
    if (!config.startsWith(QLatin1Char(':'))) // not the built-in resource
        config = QFileInfo(config).absoluteFilePath();
    // The same name the host gives its socket: RuntimeDirectory::socketPath(),
    // without prepare() (a client creates no directory).
    const QString socket = RuntimeDirectory::locate() + QLatin1Char('/') +
                           RuntimeDirectory::instanceName(config) + QStringLiteral(".sock");
    return {socket, config};
}

QString HostAddress::describe() const
{
    if (configPath.isEmpty())
        return QStringLiteral("the host on %1").arg(socketPath);
    if (configPath.startsWith(QLatin1Char(':')))
        return QStringLiteral("the host of the built-in default configuration");
    return QStringLiteral("the host of %1").arg(QDir::toNativeSeparators(configPath));
}

QString HostAddress::howToStart() const
{
    if (configPath.isEmpty())
        return QStringLiteral("start a host, or check the --socket path");
    if (configPath.startsWith(QLatin1Char(':')))
        return QStringLiteral("start one with `workhost --headless` or `systemctl --user start "
                              "workhost`, or name its configuration with -c FILE");
    return QStringLiteral("start one with `workhost --headless --config %1`").arg(configPath);
}

} // namespace workhost::ctl
