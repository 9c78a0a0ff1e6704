#pragma once

#include <workhost/logging/loglevel.h>

#include <QMetaType>
#include <QString>

#include <cstddef>
#include <vector>

namespace workhost {

// One log line as a view (LogFeed, LogModel) sees it: a value type that crosses threads.
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

// The bytes keeping `record` costs, as the byte budgets of the live sink, the
// model and the paused panel count them: the struct itself, and its message
// and service name as allocated (UTF-16, with their spare capacity and the
// allocation's header). The name is counted although records of one logger
// share it: an upper bound is what a budget needs.
inline size_t heldBytes(const LogRecord &record)
{
    constexpr size_t perString = 32; // QArrayData header and malloc's own bookkeeping
    const auto stringBytes = [](const QString &text) {
        return text.capacity() > 0 ? perString + size_t(text.capacity()) * sizeof(QChar) : 0;
    };
    return sizeof(LogRecord) + stringBytes(record.message) + stringBytes(record.service);
}

} // namespace workhost

Q_DECLARE_METATYPE(workhost::LogRecord)
Q_DECLARE_METATYPE(workhost::LogRecords)
