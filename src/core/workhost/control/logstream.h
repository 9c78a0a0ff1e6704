#pragma once

#include <workhost/logging/logrecord.h>

#include <QObject>

#include <memory>

namespace workhost {

class EventStream;
class LiveLogSink;
class LogFeed;

// Feeds the "logs" EventStream from the log pipeline's live sink: a LogFeed
// (a reader of its own, paced, never one wake-up per line) reads the records
// on the host's thread and publishes each as an event; records the sink let
// go before this feed read them become one "lost" event with their count, so
// that a subscriber can account for every record (docs/PROTOCOL.md).
//
// Owner: ControlServer, on the host's thread. Records cross from the writers'
// threads inside the LiveLogSink (values, under its lock), never here.
class LogStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogStream)

public:
    LogStream(std::shared_ptr<LiveLogSink> sink, EventStream &stream, QObject *parent = nullptr);
    ~LogStream() override;

private:
    void publish(const LogRecords &records, quint64 missedBefore);

    EventStream &m_stream;
    LogFeed *m_feed;
};

} // namespace workhost
