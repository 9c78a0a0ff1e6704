#include "core/logging/logfeed.h"

#include "core/logging/livelogsink.h"
#include "core/postbox.h"

namespace workhost {

LogFeed::LogFeed(std::shared_ptr<LiveLogSink> sink, QObject *parent)
    : QObject(parent)
    , m_sink(std::move(sink))
    , m_postbox(std::make_shared<Postbox>(this))
{
    Q_ASSERT_X(m_sink, "LogFeed",
               "needs a live sink (a LogPipeline without LogOptions::live has none)");
    qRegisterMetaType<LogRecords>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LogFeed::takeNow);
    // The sink calls this from a writer's thread, once until the next take():
    // hop to our thread and schedule the take there.
    m_sink->setReadyCallback(
        [postbox = m_postbox, this] { postbox->post([this] { schedule(); }); });
    m_sinceLastTake.start();
    // Records queued before we were connected.
    if (m_sink->produced() > 0)
        QMetaObject::invokeMethod(this, &LogFeed::schedule, Qt::QueuedConnection);
}

LogFeed::~LogFeed()
{
    m_postbox->detach(); // a writer may still hold a copy of the callback
    m_sink->setReadyCallback({});
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
    LiveLogSink::Batch batch = m_sink->take();
    if (batch.records.empty() && batch.dropped == 0)
        return;
    m_delivered += batch.records.size();
    m_dropped += batch.dropped;
    Q_EMIT batchReady(batch.records, batch.dropped);
}

} // namespace workhost
