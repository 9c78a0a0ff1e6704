// `workhost-ctl health`: exit status 0 when the host says every enabled worker
// is where it should be; else one line per problem and exit status 4.

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/output.h"

#include <QCborArray>
#include <QCborMap>

namespace workhost::ctl {

int runHealth(HostConnection &connection, const CtlCommandLine &)
{
    const std::optional<ControlReply> reply = connection.call(QStringLiteral("health"));
    if (!reply)
        return connection.reportFailure();
    if (reply->isError())
        return HostConnection::reportError(QStringLiteral("health"), *reply);
    const QCborMap result = reply->result.toMap();
    if (result.value(QLatin1String("healthy")).toBool()) {
        Output::line(QStringLiteral("healthy"));
        return toInt(CtlExit::Ok);
    }
    const QCborArray problems = result.value(QLatin1String("problems")).toArray();
    Output::line(QStringLiteral("unhealthy: %1 problem(s)").arg(problems.size()));
    for (const QCborValue &value : problems) {
        const QCborMap problem = value.toMap();
        Output::line(QStringLiteral("%1: %2: %3")
                         .arg(problem.value(QLatin1String("name")).toString(),
                              problem.value(QLatin1String("state")).toString(),
                              problem.value(QLatin1String("message")).toString()));
    }
    return toInt(CtlExit::Unhealthy);
}

} // namespace workhost::ctl
