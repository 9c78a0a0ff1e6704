// `workhost-ctl shutdown [--wait [--timeout S]]`: asks the host to stop; with
// --wait, returns once the host's connection ended (it ends when the host's
// process exits) and says "host stopped".

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/output.h"

namespace workhost::ctl {

int runShutdown(HostConnection &connection, const CtlCommandLine &line)
{
    const std::optional<ControlReply> reply = connection.call(QStringLiteral("shutdown"));
    if (!reply)
        return connection.reportFailure();
    if (reply->isError())
        return HostConnection::reportError(QStringLiteral("shutdown"), *reply);
    const qint64 pid = connection.hello().hostPid;
    Output::line(QStringLiteral("host (pid %1) is stopping").arg(pid));
    if (!line.wait)
        return toInt(CtlExit::Ok);
    const auto timeout = line.timeoutSeconds
                             ? std::chrono::milliseconds(qint64(*line.timeoutSeconds * 1000))
                             : std::chrono::milliseconds(-1);
    if (!connection.waitForClose(timeout)) {
        Output::line(QStringLiteral("host (pid %1) still running after %2 s")
                         .arg(pid)
                         .arg(*line.timeoutSeconds));
        return toInt(CtlExit::Failed);
    }
    Output::line(QStringLiteral("host stopped"));
    return toInt(CtlExit::Ok);
}

} // namespace workhost::ctl
