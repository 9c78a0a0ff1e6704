// `workhost-ctl reload`: the host re-reads its configuration file; prints the
// summary and what changed, list by list ("added: a, b"), or every problem
// of a configuration the host refused (error badConfiguration, exit status 1).

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/output.h"

#include <QCborArray>
#include <QCborMap>

namespace workhost::ctl {

namespace {

constexpr double defaultTimeoutSeconds = 120;

// A list of names, or of maps with a "name" (and maybe a "message"), as text.
QString listText(const QCborArray &items)
{
    QStringList parts;
    for (const QCborValue &item : items) {
        if (item.isString()) {
            parts << item.toString();
            continue;
        }
        const QCborMap map = item.toMap();
        const QString name = map.value(QLatin1String("name")).toString();
        const QString message = map.value(QLatin1String("message")).toString();
        parts << (message.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, message));
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

int runReload(HostConnection &connection, const CtlCommandLine &line)
{
    // The reply comes once removed and changed workers have stopped: their grace periods.
    const double seconds = line.timeoutSeconds.value_or(defaultTimeoutSeconds);
    const auto timeout = std::chrono::milliseconds(qint64(seconds * 1000));
    const std::optional<ControlReply> reply =
        connection.call(QStringLiteral("reload"), {}, timeout);
    if (!reply)
        return connection.reportFailure();
    if (reply->isError())
        return HostConnection::reportError(QStringLiteral("reload"), *reply);
    const QCborMap result = reply->result.toMap();
    const QString summary = result.value(QLatin1String("summary")).toString();
    Output::line(summary.isEmpty() ? QStringLiteral("reloaded") : summary);
    // added, removed, changed first (supervisorctl update's order), then any
    // other list the host sends (unchanged ...), in its order; empty ones left out.
    QStringList keys{"added", "removed", "changed"};
    for (auto it = result.constBegin(); it != result.constEnd(); ++it)
        if (!keys.contains(it.key().toString()))
            keys << it.key().toString();
    for (const QString &key : std::as_const(keys)) {
        const QCborValue value = result.value(key);
        if (value.isArray() && !value.toArray().isEmpty())
            Output::line(QStringLiteral("%1: %2").arg(key, listText(value.toArray())));
    }
    if (result.value(QLatin1String("hostSettingsChanged")).toBool())
        Output::line(QStringLiteral("the host and logging settings changed too: they take effect "
                                    "when the host starts again"));
    return toInt(CtlExit::Ok);
}

} // namespace workhost::ctl
