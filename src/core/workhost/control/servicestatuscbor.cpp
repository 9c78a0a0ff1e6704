#include <workhost/control/servicestatuscbor.h>

#include <workhost/config/enumnames.h>

#include <QCborValue>

#include <chrono>

namespace workhost {

QCborMap toCbor(const ServiceStatus &status)
{
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    QCborMap map;
    map.insert(QStringLiteral("name"), status.name);
    map.insert(QStringLiteral("kind"), configName(status.kind));
    map.insert(QStringLiteral("state"), configName(status.state));
    if (status.stateSince.isValid())
        map.insert(QStringLiteral("stateSince"), status.stateSince.toMSecsSinceEpoch());
    if (status.startedAt.isValid())
        map.insert(QStringLiteral("startedAt"), status.startedAt.toMSecsSinceEpoch());
    map.insert(QStringLiteral("restarts"), status.restartCount);
    map.insert(QStringLiteral("backoffMs"), qint64(status.backoffDelay.count()));
    if (!status.lastError.isEmpty())
        map.insert(QStringLiteral("lastError"), status.lastError);
    if (status.lastOutcome)
        map.insert(QStringLiteral("lastOutcome"), configName(*status.lastOutcome));
    if (status.hasProgress())
        map.insert(QStringLiteral("progress"), status.progress);
    if (!status.progressText.isEmpty())
        map.insert(QStringLiteral("progressText"), status.progressText);
    map.insert(QStringLiteral("itemsDone"), status.itemsDone);
    map.insert(QStringLiteral("itemsUnit"), status.itemsUnit.name());
    if (!status.note.isEmpty())
        map.insert(QStringLiteral("note"), status.note);
    if (!status.values.isEmpty())
        map.insert(QStringLiteral("values"), QCborMap::fromVariantMap(status.values));
    map.insert(QStringLiteral("cpuMs"),
               qint64(duration_cast<milliseconds>(status.cpuTime).count()));
    map.insert(QStringLiteral("threadAlive"), status.threadAlive);
    return map;
}

} // namespace workhost
