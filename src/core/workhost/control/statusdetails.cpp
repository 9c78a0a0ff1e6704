#include <workhost/control/statusdetails.h>

#include <workhost/control/processmemorycache.h>
#include <workhost/control/servicestatuscbor.h>

#include <fcntl.h>
#include <unistd.h>

namespace workhost {

QCborMap typedStatus(const ServiceStatus &status, const QString &type)
{
    QCborMap map = toCbor(status);
    if (!type.isEmpty())
        map.insert(QStringLiteral("type"), type);
    return map;
}

QCborMap detailedStatus(const ServiceStatus &status, const QString &type,
                        ProcessMemoryCache &memory)
{
    QCborMap map = typedStatus(status, type);
    bool isNumber = false;
    const qint64 pid = status.values.value(QStringLiteral("pid")).toLongLong(&isNumber);
    if (isNumber && pid > 0) {
        if (const std::optional<qint64> bytes = memory.residentBytes(pid))
            map.insert(QStringLiteral("memoryBytes"), *bytes);
    }
    return map;
}

std::optional<qint64> residentBytes(qint64 pid)
{
    // "size resident shared ..." in pages: one read of a few bytes, with no
    // QFile (its stat and buffer cost more than the read, for each of 256 workers).
    const QByteArray path = "/proc/" + QByteArray::number(pid) + "/statm";
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char text[128];
    const ssize_t length = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (length <= 0)
        return std::nullopt;
    const QList<QByteArray> fields = QByteArray(text, length).split(' ');
    bool isNumber = false;
    const qint64 pages = fields.value(1).toLongLong(&isNumber);
    if (!isNumber)
        return std::nullopt;
    return pages * qint64(::sysconf(_SC_PAGESIZE));
}

} // namespace workhost
