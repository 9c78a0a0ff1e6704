#pragma once

#include <QString>

namespace workhost {

// "HH:mm:ss.zzz" in local time for microseconds since the Unix epoch.
//
// Why not QDateTime::toString: the log view formats every visible time cell on
// every repaint, and QDateTime converts to local time and parses its format
// string each call. This asks the time zone for the UTC offset once per
// quarter of an hour (zones change offsets only on such boundaries) and
// formats the digits itself. Thread-safe (the cache is per thread).
QString formatClockTime(qint64 timeUsec);

} // namespace workhost
