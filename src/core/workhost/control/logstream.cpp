#include <workhost/control/logstream.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/eventstream.h>
#include <workhost/logging/logfeed.h>

#include <QCborMap>

namespace workhost {

namespace {

QCborMap toCbor(const LogRecord &record)
{
    QCborMap map;
    map.insert(QStringLiteral("time"), record.timeUsec);
    map.insert(QStringLiteral("level"), configName(record.level));
    map.insert(QStringLiteral("service"), record.service);
    map.insert(QStringLiteral("thread"), qint64(record.threadId));
    map.insert(QStringLiteral("message"), record.message);
    return map;
}

} // namespace

LogStream::LogStream(std::shared_ptr<LiveLogSink> sink, EventStream &stream, QObject *parent)
    : QObject(parent)
    , m_stream(stream)
    , m_feed(new LogFeed(std::move(sink), LogFeed::Start::WithHeldRecords, this))
{
    connect(m_feed, &LogFeed::batchReady, this, &LogStream::publish);
}

LogStream::~LogStream() = default;

void LogStream::publish(const LogRecords &records, quint64 missedBefore)
{
    if (missedBefore > 0)
        m_stream.publish(QCborMap{{QStringLiteral("lost"), qint64(missedBefore)}});
    for (const LogRecord &record : records)
        m_stream.publish(toCbor(record));
}

} // namespace workhost
