#include <workhost/logging/clocktime.h>

#include <QDateTime>

#include <limits>

namespace workhost {

namespace {

constexpr qint64 msecsPerQuarterHour = 15 * 60 * 1000;

// Division rounding down, also before the epoch.
qint64 floorDiv(qint64 value, qint64 divisor)
{
    return value >= 0 ? value / divisor : (value + 1) / divisor - 1;
}

struct OffsetCache
{
    // Which quarter hour since the epoch the offset is for; none at first.
    qint64 quarter = std::numeric_limits<qint64>::min();
    qint64 offsetMsecs = 0;
};

qint64 localOffsetMsecs(qint64 msecs)
{
    thread_local OffsetCache cache;
    const qint64 quarter = floorDiv(msecs, msecsPerQuarterHour);
    if (quarter != cache.quarter) {
        cache.quarter = quarter;
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(quarter * msecsPerQuarterHour);
        cache.offsetMsecs = qint64(start.offsetFromUtc()) * 1000;
    }
    return cache.offsetMsecs;
}

void putTwoDigits(QChar *out, int value)
{
    out[0] = QChar(u'0' + value / 10);
    out[1] = QChar(u'0' + value % 10);
}

} // namespace

QString formatClockTime(qint64 timeUsec)
{
    const qint64 msecs = floorDiv(timeUsec, 1000);
    constexpr qint64 msecsPerDay = 24 * 60 * 60 * 1000;
    qint64 ofDay = (msecs + localOffsetMsecs(msecs)) % msecsPerDay;
    if (ofDay < 0)
        ofDay += msecsPerDay;
    const int millis = int(ofDay % 1000);
    const int seconds = int(ofDay / 1000);

    QString text(12, Qt::Uninitialized);
    QChar *out = text.data();
    putTwoDigits(out, seconds / 3600);
    out[2] = u':';
    putTwoDigits(out + 3, seconds / 60 % 60);
    out[5] = u':';
    putTwoDigits(out + 6, seconds % 60);
    out[8] = u'.';
    out[9] = QChar(u'0' + millis / 100);
    putTwoDigits(out + 10, millis % 100);
    return text;
}

} // namespace workhost
