#pragma once

#include "core/logging/logrecord.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace workhost {

class LiveLogSink;
class Postbox;

// Paces delivery from the live sink to the window: takes records in batches,
// at most once per interval (25 ms: 40 batches a second), and only when there
// is something to take: an idle feed costs nothing, it does not poll.
//
// Owner: the window (or a test); lives on its thread. Emits batchReady() on
// that thread with every record in order, and the count dropped before it.
class LogFeed : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFeed)

public:
    explicit LogFeed(std::shared_ptr<LiveLogSink> sink, QObject *parent = nullptr);
    ~LogFeed() override;

    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }
    // Takes what is queued now, without waiting for the timer.
    void takeNow();

    quint64 delivered() const { return m_delivered; }
    quint64 dropped() const { return m_dropped; }

Q_SIGNALS:
    void batchReady(const workhost::LogRecords &records, quint64 droppedBefore);

private:
    void schedule();

    const std::shared_ptr<LiveLogSink> m_sink;
    const std::shared_ptr<Postbox> m_postbox; // the sink's writers reach us through it
    std::chrono::milliseconds m_interval{25};
    QTimer m_timer;
    QElapsedTimer m_sinceLastTake;
    quint64 m_delivered = 0;
    quint64 m_dropped = 0;
};

} // namespace workhost
