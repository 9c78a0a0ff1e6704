// workhost-ctl: controls a running Workhost host through its control socket
// (docs/PROTOCOL.md). `workhost ctl ...` runs this executable (src/app/main.cpp
// execs it): a QCoreApplication with no display, no widgets library loaded,
// so that it starts fast anywhere, a headless server included.

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/ctlexitcode.h"
#include "ctl/helptext.h"
#include "ctl/hostconnection.h"

#include <workhost/runtime/applicationinfo.h>

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

using namespace workhost;
using namespace workhost::ctl;

namespace {

int usageError(const QString &error)
{
    std::fprintf(stderr, "workhost-ctl: %s\nTry `workhost-ctl --help`.\n", qUtf8Printable(error));
    return toInt(CtlExit::Usage);
}

int run(HostConnection &connection, const CtlCommandLine &line)
{
    const QString &sub = line.subcommand;
    if (sub == QLatin1String("status"))
        return runStatus(connection, line);
    if (sub == QLatin1String("logs"))
        return runLogs(connection, line);
    if (sub == QLatin1String("reload"))
        return runReload(connection, line);
    if (sub == QLatin1String("shutdown"))
        return runShutdown(connection, line);
    if (sub == QLatin1String("health"))
        return runHealth(connection, line);
    return runWorkerCommand(connection, line); // start, stop, restart
}

} // namespace

int main(int argc, char *argv[])
{
    std::signal(SIGPIPE, SIG_IGN); // a reader gone (`| head`) is EPIPE: Output stops quietly
    QCoreApplication app(argc, argv);
    // The names the workhost executable uses: the same default configuration path.
    QCoreApplication::setApplicationName(ApplicationInfo::executable());
    QCoreApplication::setApplicationVersion(ApplicationInfo::version());
    QCoreApplication::setOrganizationName(ApplicationInfo::organization());

    const CtlCommandLine line = CtlCommandLine::parse(QCoreApplication::arguments().mid(1));
    if (!line.error.isEmpty())
        return usageError(line.error);
    if (line.help) {
        const QString text =
            line.subcommand.isEmpty() ? generalHelp() : subcommandHelp(line.subcommand);
        std::fputs(qUtf8Printable(text), stdout);
        return toInt(CtlExit::Ok);
    }
    if (line.version) {
        std::printf("workhost-ctl %s\n", qUtf8Printable(ApplicationInfo::version()));
        return toInt(CtlExit::Ok);
    }
    HostConnection connection(HostAddress::choose(line));
    if (!connection.open())
        return connection.reportFailure();
    return run(connection, line);
}
