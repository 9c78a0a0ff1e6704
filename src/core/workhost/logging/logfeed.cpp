#include <workhost/logging/logfeed.h>

#include <workhost/hosting/detail/postbox.h>
#include <workhost/logging/livelogsink.h>

namespace workhost {

LogFeed::LogFeed(std::shared_ptr<LiveLogSink> sink, QObject *parent)
    : LogFeed(std::move(sink), Start::WithHeldRecords, parent)
{}

LogFeed::LogFeed(std::shared_ptr<LiveLogSink> sink, Start start, QObject *parent)
    : LogFeed(sink, start == Start::AfterNewest && sink ? sink->newestSequence() : 0, parent)
{}

LogFeed::LogFeed(std::shared_ptr<LiveLogSink> sink, quint64 afterSequence, QObject *parent)
    : QObject(parent)
    , m_sink(std::move(sink))
    , m_postbox(std::make_shared<Postbox>(this))
{
    Q_ASSERT_X(m_sink, "LogFeed",
               "needs a live sink (a LogPipeline without LogOptions::live has none)");
    qRegisterMetaType<LogRecords>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LogFeed::takeNow);
    // The sink calls this from a writer's thread, once until our next read:
    // hop to our thread and schedule the read there.
    m_reader =
        m_sink->addReader([postbox = m_postbox, this] { postbox->post([this] { schedule(); }); });
    m_sinceLastTake.start();
    m_lastSequence = afterSequence;
    // Records logged before we were connected.
    if (m_sink->newestSequence() > m_lastSequence)
        QMetaObject::invokeMethod(this, &LogFeed::schedule, Qt::QueuedConnection);
}

LogFeed::~LogFeed()
{
    m_postbox->detach(); // a writer may still hold a copy of the callback
    m_sink->removeReader(m_reader);
}

void LogFeed::schedule()
{
    if (m_timer.isActive())
        return;
    const qint64 wait = std::max<qint64>(0, m_interval.count() - m_sinceLastTake.elapsed());
    m_timer.start(static_cast<int>(wait));
}

void LogFeed::takeNow()
{
    m_timer.stop();
    m_sinceLastTake.restart();
    LiveLogSink::Batch batch = m_sink->read(m_reader, m_lastSequence);
    if (batch.records.empty() && batch.missed == 0)
        return;
    m_lastSequence += batch.missed + batch.records.size();
    m_delivered += batch.records.size();
    m_dropped += batch.missed;
    Q_EMIT batchReady(batch.records, batch.missed);
}

} // namespace workhost
