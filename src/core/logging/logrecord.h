#pragma once

#include "core/hoststates.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace workhost {

// One log line as the window sees it: a value type that crosses threads.
struct LogRecord
{
    quint64 sequence = 0; // increasing, assigned by the live sink: 1, 2, 3 ...
    qint64 timeUsec = 0;  // microseconds since the Unix epoch (UTC)
    LogLevel level = LogLevel::Info;
    QString service;      // the logger's name: a service, "host", "app" or "qt"
    quint64 threadId = 0; // the OS thread id of the writer
    QString message;
};

using LogRecords = std::vector<LogRecord>;

} // namespace workhost

Q_DECLARE_METATYPE(workhost::LogRecord)
Q_DECLARE_METATYPE(workhost::LogRecords)
