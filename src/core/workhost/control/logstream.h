#pragma once

#include <workhost/logging/logrecord.h>

#include <QObject>

#include <memory>

namespace workhost {

class EventStream;
class LiveLogSink;
class LogFeed;

// Feeds the "logs" EventStream from the log pipeline's live sink, and costs
// (nearly) nothing while no client subscribes: the sink keeps the newest
// records anyway, so until a client comes nothing reads or encodes them.
// When one is about to subscribe (EventStream::subscriberArriving), the
// records the sink holds are published at once, so that the backlog holds
// what it would have held had it been fed all along (only the newest the
// backlog can keep are encoded); while any client subscribes, a LogFeed (a
// reader of its own, paced, never one wake-up per line) reads the records on
// the host's thread and publishes each as an event. Records the sink let go
// before they were read become one "lost" event with their count, so that a
// subscriber can account for every record (docs/PROTOCOL.md).
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

    // Publishes at once what the sink holds that the feed has not read yet
    // (it reads at most every 25 ms): before the socket closes, so that a
    // client following the log gets the host's last records, its stop's.
    void publishPending();

private:
    void catchUp();
    void follow(bool wanted);
    void publish(const LogRecords &records, quint64 missedBefore);

    const std::shared_ptr<LiveLogSink> m_sink;
    EventStream &m_stream;
    LogFeed *m_feed = nullptr;  // only while a client subscribes
    quint64 m_lastSequence = 0; // the sink's last record published, or counted as lost
};

} // namespace workhost
