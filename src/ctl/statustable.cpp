#include "ctl/statustable.h"

#include <QCborMap>
#include <QCborValue>

#include <algorithm>

namespace workhost::ctl {

namespace {

const QString none = QStringLiteral("-");

QString text(const QCborMap &status, const char *field)
{
    const QCborValue value = status.value(QLatin1String(field));
    if (value.isString())
        return value.toString();
    if (value.isInteger())
        return QString::number(value.toInteger());
    return none;
}

bool isUp(const QString &state)
{
    return state == QLatin1String("running") || state == QLatin1String("starting") ||
           state == QLatin1String("stopping");
}

QString message(const QCborMap &status)
{
    QString line = status.value(QLatin1String("lastError")).toString();
    if (line.isEmpty())
        line = status.value(QLatin1String("note")).toString();
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return line;
}

QStringList row(const QCborMap &status, qint64 nowMs)
{
    const QString state = text(status, "state");
    const QCborValue startedAt = status.value(QLatin1String("startedAt"));
    const QCborValue pid =
        status.value(QLatin1String("values")).toMap().value(QLatin1String("pid"));
    const QCborValue cpu = status.value(QLatin1String("cpuMs"));
    const QCborValue memory = status.value(QLatin1String("memoryBytes"));
    const bool up = isUp(state);
    return {text(status, "name"),
            text(status, "type"),
            state,
            up && pid.isInteger() ? QString::number(pid.toInteger()) : none,
            up && startedAt.isInteger() ? StatusTable::duration(nowMs - startedAt.toInteger())
                                        : none,
            text(status, "restarts"),
            cpu.isInteger() ? StatusTable::cpuTime(cpu.toInteger()) : none,
            memory.isInteger() ? StatusTable::bytes(memory.toInteger()) : none,
            message(status)};
}

} // namespace

QStringList StatusTable::render(const QCborArray &services, qint64 nowMs)
{
    QList<QStringList> rows{
        {"NAME", "TYPE", "STATE", "PID", "UPTIME", "RESTARTS", "CPU", "MEMORY", "MESSAGE"}};
    for (const QCborValue &service : services)
        rows << row(service.toMap(), nowMs);
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &cells : std::as_const(rows))
        for (qsizetype column = 0; column < cells.size(); ++column)
            widths[column] = std::max(widths[column], cells[column].size());
    QStringList lines;
    for (const QStringList &cells : std::as_const(rows)) {
        QString line;
        for (qsizetype column = 0; column + 1 < cells.size(); ++column)
            line += cells[column].leftJustified(widths[column] + 2);
        line += cells.last();
        lines << line.trimmed();
    }
    return lines;
}

QString StatusTable::duration(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms / 1000);
    if (seconds < 60)
        return QStringLiteral("%1s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1m %2s")
            .arg(seconds / 60)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (seconds < 86400)
        return QStringLiteral("%1h %2m")
            .arg(seconds / 3600)
            .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h")
        .arg(seconds / 86400)
        .arg(seconds / 3600 % 24, 2, 10, QLatin1Char('0'));
}

QString StatusTable::cpuTime(qint64 ms)
{
    if (ms < 60000)
        return QStringLiteral("%1s").arg(double(ms) / 1000.0, 0, 'f', 2);
    return duration(ms);
}

QString StatusTable::bytes(qint64 bytes)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    double value = double(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2")
        .arg(value, 0, 'f', value < 10 ? 2 : 1)
        .arg(QLatin1String(units[unit]));
}

} // namespace workhost::ctl
