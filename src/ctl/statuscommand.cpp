// `workhost-ctl status [--json] [NAME...]`: the table, or the host's answer as JSON.

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/output.h"
#include "ctl/statustable.h"

#include <QCborArray>
#include <QCborMap>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace workhost::ctl {

namespace {

// The services named in `names` (all when none), in the host's order; the
// names it does not have go to `unknown`.
QCborArray chosen(const QCborArray &services, const QStringList &names, QStringList &unknown)
{
    if (names.isEmpty())
        return services;
    QCborArray kept;
    QStringList found;
    for (const QCborValue &service : services) {
        const QString name = service.toMap().value(QLatin1String("name")).toString();
        if (names.contains(name)) {
            kept.append(service);
            found << name;
        }
    }
    for (const QString &name : names)
        if (!found.contains(name))
            unknown << name;
    return kept;
}

} // namespace

int runStatus(HostConnection &connection, const CtlCommandLine &line)
{
    const std::optional<ControlReply> reply = connection.call(QStringLiteral("status"));
    if (!reply)
        return connection.reportFailure();
    if (reply->isError())
        return HostConnection::reportError(QStringLiteral("status"), *reply);
    QCborMap result = reply->result.toMap();
    QStringList unknown;
    const QCborArray services =
        chosen(result.value(QLatin1String("services")).toArray(), line.names, unknown);
    if (line.json) {
        result.insert(QLatin1String("services"), services);
        const QByteArray json =
            QJsonDocument(result.toJsonObject()).toJson(QJsonDocument::Indented);
        Output::line(QString::fromUtf8(json).trimmed());
    } else {
        // A host starting or stopping says so above its table (running is the normal case).
        const QString hostState = result.value(QLatin1String("hostState")).toString();
        if (!hostState.isEmpty() && hostState != QLatin1String("running"))
            Output::line(QStringLiteral("host: %1").arg(hostState));
        for (const QString &row :
             StatusTable::render(services, QDateTime::currentMSecsSinceEpoch()))
            if (!Output::line(row))
                break;
    }
    for (const QString &name : std::as_const(unknown))
        std::fprintf(stderr, "workhost-ctl: status: %s has no worker named \"%s\"\n",
                     qUtf8Printable(connection.address().describe()), qUtf8Printable(name));
    return toInt(unknown.isEmpty() ? CtlExit::Ok : CtlExit::Failed);
}

} // namespace workhost::ctl
