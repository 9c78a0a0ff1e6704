#include <workhost/control/statusdetails.h>

#include <workhost/control/servicestatuscbor.h>

#include <QFile>

#include <unistd.h>

namespace workhost {

QCborMap typedStatus(const ServiceStatus &status, const QString &type)
{
    QCborMap map = toCbor(status);
    if (!type.isEmpty())
        map.insert(QStringLiteral("type"), type);
    return map;
}

QCborMap detailedStatus(const ServiceStatus &status, const QString &type)
{
    QCborMap map = typedStatus(status, type);
    bool isNumber = false;
    const qint64 pid = status.values.value(QStringLiteral("pid")).toLongLong(&isNumber);
    if (isNumber && pid > 0) {
        if (const std::optional<qint64> bytes = residentBytes(pid))
            map.insert(QStringLiteral("memoryBytes"), *bytes);
    }
    return map;
}

std::optional<qint64> residentBytes(qint64 pid)
{
    // "size resident shared ..." in pages: a read of a few bytes, no parsing of status.
    QFile statm(QStringLiteral("/proc/%1/statm").arg(pid));
    if (!statm.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> fields = statm.readLine(256).split(' ');
    bool isNumber = false;
    const qint64 pages = fields.value(1).toLongLong(&isNumber);
    if (!isNumber)
        return std::nullopt;
    return pages * qint64(::sysconf(_SC_PAGESIZE));
}

} // namespace workhost
