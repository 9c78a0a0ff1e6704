#include <workhost/control/logstream.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/eventstream.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logfeed.h>

#include <QCborMap>

namespace workhost {

namespace {

// A record's payload (docs/PROTOCOL.md, Payloads), written straight into its frame.
void write(const LogRecord &record, QCborStreamWriter &writer)
{
    writer.startMap(5);
    writer.append(QLatin1String("time"));
    writer.append(qint64(record.timeUsec));
    writer.append(QLatin1String("level"));
    writer.append(configName(record.level));
    writer.append(QLatin1String("service"));
    writer.append(record.service);
    writer.append(QLatin1String("thread"));
    writer.append(qint64(record.threadId));
    writer.append(QLatin1String("message"));
    writer.append(record.message);
    writer.endMap();
}

} // namespace

LogStream::LogStream(std::shared_ptr<LiveLogSink> sink, EventStream &stream, QObject *parent)
    : QObject(parent)
    , m_sink(std::move(sink))
    , m_stream(stream)
{
    Q_ASSERT(m_sink);
    connect(&m_stream, &EventStream::subscriberArriving, this, &LogStream::catchUp);
    connect(&m_stream, &EventStream::demandChanged, this, &LogStream::follow);
    if (m_stream.subscribers() > 0)
        follow(true);
}

LogStream::~LogStream() = default;

void LogStream::catchUp()
{
    if (m_feed)
        return; // it follows the sink already
    const LiveLogSink::Batch batch = m_sink->readAfter(m_lastSequence);
    m_lastSequence += batch.missed + batch.records.size();
    // Nobody listens yet: what the backlog would let go at once need not be encoded.
    const size_t keep = m_stream.backlog().maxEvents();
    const size_t skipped = batch.records.size() > keep ? batch.records.size() - keep : 0;
    if (skipped == 0) {
        publish(batch.records, batch.missed);
        return;
    }
    m_stream.skip((batch.missed > 0 ? 1 : 0) + skipped); // the "lost" event among them
    for (size_t i = skipped; i < batch.records.size(); ++i)
        m_stream.publishWritten(
            [&record = batch.records[i]](QCborStreamWriter &writer) { write(record, writer); });
}

void LogStream::publishPending()
{
    if (m_feed)
        m_feed->takeNow(); // batchReady publishes them, and each subscriber sends them
}

void LogStream::follow(bool wanted)
{
    if (!wanted) {
        // The last subscriber may go while this feed is emitting: never delete it under itself.
        if (m_feed) {
            m_feed->disconnect(this);
            m_feed->deleteLater();
            m_feed = nullptr;
        }
        return;
    }
    if (m_feed)
        return;
    m_feed = new LogFeed(m_sink, m_lastSequence, this);
    connect(m_feed, &LogFeed::batchReady, this,
            [this, feed = m_feed](const LogRecords &records, quint64 missedBefore) {
                m_lastSequence = feed->lastSequence();
                publish(records, missedBefore);
            });
}

void LogStream::publish(const LogRecords &records, quint64 missedBefore)
{
    if (missedBefore > 0)
        m_stream.publish(QCborMap{{QStringLiteral("lost"), qint64(missedBefore)}});
    for (const LogRecord &record : records)
        m_stream.publishWritten([&record](QCborStreamWriter &writer) { write(record, writer); });
}

} // namespace workhost
