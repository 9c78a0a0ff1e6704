#include <workhost/control/remotereplies.h>

#include <workhost/control/remotelog.h>
#include <workhost/control/servicestatuscbor.h>

#include <QCborArray>
#include <QCborMap>
#include <QObject>

namespace workhost {

// The statuses of a "services" array; std::nullopt (and a warning naming the
// field) when one cannot be read.
std::optional<QList<ServiceStatus>> statusesFromCbor(const QCborArray &array)
{
    QList<ServiceStatus> statuses;
    for (const QCborValue &value : array) {
        const Parsed<ServiceStatus> status = serviceStatusFromCbor(value.toMap());
        if (!status.ok()) {
            qCWarning(remoteLog, "a status from the host: %s", qPrintable(status.error.toString()));
            return std::nullopt;
        }
        statuses.append(*status.value);
    }
    return statuses;
}

QStringList textList(const QCborValue &value)
{
    QStringList texts;
    for (const QCborValue &item : value.toArray())
        texts.append(item.toString());
    return texts;
}

// What a reply to one of the session's commands comes to.
CommandResult commandResultOf(const QString &method, const ControlReply &reply)
{
    if (reply.isError())
        return CommandResult::refused(reply.error->message);
    const QCborMap result = reply.result.toMap();
    if (method == QLatin1String("reload"))
        return CommandResult::done(result.value(QStringLiteral("summary")).toString());
    if (method == QLatin1String("shutdown"))
        return CommandResult::done(QObject::tr("the host is stopping"));
    if (!result.contains(QStringLiteral("results"))) // the editing methods: {message}
        return CommandResult::done(result.value(QStringLiteral("message")).toString());
    const QCborMap first = result.value(QStringLiteral("results")).toArray().at(0).toMap();
    const QString message = first.value(QStringLiteral("message")).toString();
    return first.value(QStringLiteral("ok")).toBool() ? CommandResult::done(message)
                                                      : CommandResult::refused(message);
}

bool changesConfiguration(const QString &method)
{
    static const QStringList methods{QStringLiteral("add"), QStringLiteral("remove"),
                                     QStringLiteral("settings"), QStringLiteral("reload")};
    return methods.contains(method);
}

void rememberTypes(QHash<QString, QString> &types, const QCborArray &statuses)
{
    for (const QCborValue &value : statuses) {
        const QCborMap status = value.toMap();
        const QString type = status.value(QStringLiteral("type")).toString();
        if (!type.isEmpty())
            types.insert(status.value(QStringLiteral("name")).toString(), type);
    }
}

} // namespace workhost
