#pragma once

#include <workhost/session/logsubscription.h>

#include <memory>

namespace workhost {

class LiveLogSink;
class LogFeed;

// A LogSubscription over a live sink in this process (LogPipeline::liveSink()):
// a LogFeed, paced for a window (at most one batch per 25 ms, nothing while
// idle), starting after record `afterSequence` (0: with every record the
// sink still holds).
//
// Owner: the reader (see LogSubscription); it shares the sink, which stays
// alive as long as it does. Lives on its creator's thread.
class LiveLogSubscription final : public LogSubscription
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveLogSubscription)

public:
    explicit LiveLogSubscription(std::shared_ptr<LiveLogSink> sink, quint64 afterSequence = 0);
    ~LiveLogSubscription() override;

    void takeNow() override;
    quint64 lastSequence() const override;

private:
    std::unique_ptr<LogFeed> m_feed;
};

} // namespace workhost
