#include "ctl/logline.h"

#include <QDateTime>
#include <QStringList>

namespace workhost::ctl {

namespace {

const QStringList &levels()
{
    static const QStringList names{"trace", "debug", "info", "warning", "error", "critical"};
    return names;
}

QString tagOf(const QString &level)
{
    static const QStringList tags{"TRACE", "DEBUG", "INFO ", "WARN ", "ERROR", "CRIT "};
    const int rank = LogLine::rank(level);
    return rank < 0 ? level.toUpper().leftJustified(5) : tags.at(rank);
}

const char *colourOf(const QString &level)
{
    switch (LogLine::rank(level)) {
    case 0:
    case 1:
        return "\x1b[2m"; // dim
    case 3:
        return "\x1b[33m"; // yellow
    case 4:
        return "\x1b[31m"; // red
    case 5:
        return "\x1b[1;31m"; // bold red
    default:
        return nullptr;
    }
}

} // namespace

int LogLine::rank(const QString &level)
{
    return int(levels().indexOf(level));
}

std::optional<QString> LogLine::record(const QCborMap &payload, bool colour)
{
    const QCborValue message = payload.value(QLatin1String("message"));
    if (!message.isString())
        return std::nullopt;
    const QString level = payload.value(QLatin1String("level")).toString();
    const qint64 micros = payload.value(QLatin1String("time")).toInteger();
    const QString time = QDateTime::fromMSecsSinceEpoch(micros / 1000)
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    const QString line =
        QStringLiteral("%1 %2 %3: %4")
            .arg(time, tagOf(level), payload.value(QLatin1String("service")).toString(),
                 message.toString());
    const char *const code = colour ? colourOf(level) : nullptr;
    return code ? QString::fromLatin1(code) + line + QStringLiteral("\x1b[0m") : line;
}

std::optional<QString> LogLine::gap(const QCborMap &payload)
{
    if (payload.contains(QLatin1String("dropped")))
        return QStringLiteral("-- %1 log records missed: the host went on while this client "
                              "fell behind (records %2 to %3) --")
            .arg(payload.value(QLatin1String("dropped")).toInteger())
            .arg(payload.value(QLatin1String("fromSeq")).toInteger())
            .arg(payload.value(QLatin1String("toSeq")).toInteger());
    if (payload.contains(QLatin1String("lost")))
        return QStringLiteral("-- %1 log records missed: the host's live log let them go in a "
                              "burst --")
            .arg(payload.value(QLatin1String("lost")).toInteger());
    if (payload.contains(QLatin1String("omitted")))
        return QStringLiteral("-- 1 log record missed: %1 --")
            .arg(payload.value(QLatin1String("omitted")).toString());
    return std::nullopt;
}

QString LogLine::wereMissed(qint64 count)
{
    return count == 1 ? QStringLiteral("1 record was missed")
                      : QStringLiteral("%1 records were missed").arg(count);
}

std::optional<QString> LogLine::missed(const QCborMap &payload)
{
    if (payload.contains(QLatin1String("dropped")))
        return QStringLiteral("%1: this client fell behind and the host no longer holds them "
                              "(records %2 to %3)")
            .arg(wereMissed(payload.value(QLatin1String("dropped")).toInteger()))
            .arg(payload.value(QLatin1String("fromSeq")).toInteger())
            .arg(payload.value(QLatin1String("toSeq")).toInteger());
    if (payload.contains(QLatin1String("lost")))
        return QStringLiteral("%1: the host's live log let them go in a burst")
            .arg(wereMissed(payload.value(QLatin1String("lost")).toInteger()));
    if (payload.contains(QLatin1String("omitted")))
        return QStringLiteral("%1: %2").arg(wereMissed(1),
                                            payload.value(QLatin1String("omitted")).toString());
    return std::nullopt;
}

bool LogLine::passes(const QCborMap &payload, const QStringList &names, const QString &minimumLevel)
{
    if (!names.isEmpty() && !names.contains(payload.value(QLatin1String("service")).toString()))
        return false;
    return minimumLevel.isEmpty() ||
           rank(payload.value(QLatin1String("level")).toString()) >= rank(minimumLevel);
}

} // namespace workhost::ctl
