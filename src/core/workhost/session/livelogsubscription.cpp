#include <workhost/session/livelogsubscription.h>

#include <workhost/logging/logfeed.h>

namespace workhost {

LiveLogSubscription::LiveLogSubscription(std::shared_ptr<LiveLogSink> sink, quint64 afterSequence)
    : m_feed(std::make_unique<LogFeed>(std::move(sink), afterSequence))
{
    connect(m_feed.get(), &LogFeed::batchReady, this, &LogSubscription::batchReady);
}

LiveLogSubscription::~LiveLogSubscription() = default;

void LiveLogSubscription::takeNow()
{
    m_feed->takeNow();
}

quint64 LiveLogSubscription::lastSequence() const
{
    return m_feed->lastSequence();
}

} // namespace workhost
