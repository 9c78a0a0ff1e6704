#include <workhost/control/servicestatuscbor.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/cborenumfield.h>
#include <workhost/control/cborfieldreader.h>

#include <QCborValue>

#include <chrono>
#include <limits>

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

namespace {

QDateTime utcFromMs(CborFieldReader &reader, const QString &key)
{
    if (!reader.has(key))
        return {};
    return QDateTime::fromMSecsSinceEpoch(
        reader.integer(key, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()),
        Qt::UTC);
}

ItemsUnit itemsUnitNamed(const QString &name)
{
    if (name == ItemsUnit::bytes().name())
        return ItemsUnit::bytes();
    return name == ItemsUnit::items().name() ? ItemsUnit::items() : ItemsUnit::named(name);
}

} // namespace

Parsed<ServiceStatus> serviceStatusFromCbor(const QCborMap &map)
{
    constexpr qint64 intMax = std::numeric_limits<int>::max();
    constexpr qint64 longMax = std::numeric_limits<qint64>::max();
    CborFieldReader reader(map);
    ServiceStatus status;
    status.name = reader.text(QStringLiteral("name"), protocol::maxTextLength);
    status.kind = readEnumField<ServiceKind>(reader, QStringLiteral("kind"), "service kind")
                      .value_or(status.kind);
    status.state = readEnumField<ServiceState>(reader, QStringLiteral("state"), "service state")
                       .value_or(status.state);
    status.stateSince = utcFromMs(reader, QStringLiteral("stateSince"));
    status.startedAt = utcFromMs(reader, QStringLiteral("startedAt"));
    status.restartCount = int(reader.integer(QStringLiteral("restarts"), 0, intMax));
    status.backoffDelay =
        std::chrono::milliseconds(reader.integer(QStringLiteral("backoffMs"), 0, longMax));
    status.lastError = reader.text(QStringLiteral("lastError"), protocol::maxTextLength, true);
    status.lastOutcome =
        readEnumField<RunOutcome>(reader, QStringLiteral("lastOutcome"), "run outcome", true);
    if (reader.has(QStringLiteral("progress")))
        status.progress = int(reader.integer(QStringLiteral("progress"), 0, 100));
    status.progressText =
        reader.text(QStringLiteral("progressText"), protocol::maxTextLength, true);
    status.itemsDone = reader.integer(QStringLiteral("itemsDone"), 0, longMax);
    status.itemsUnit =
        itemsUnitNamed(reader.text(QStringLiteral("itemsUnit"), protocol::maxNameLength));
    status.note = reader.text(QStringLiteral("note"), protocol::maxTextLength, true);
    status.values = reader.map(QStringLiteral("values"), true).toVariantMap();
    status.cpuTime = std::chrono::milliseconds(reader.integer(QStringLiteral("cpuMs"), 0, longMax));
    status.threadAlive = reader.boolean(QStringLiteral("threadAlive"));
    if (reader.error())
        return Parsed<ServiceStatus>::failure(*reader.error());
    return Parsed<ServiceStatus>::success(std::move(status));
}

} // namespace workhost
