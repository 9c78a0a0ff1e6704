#pragma once

#include <workhost/logging/logrecord.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace workhost {

class LiveLogSink;
class Postbox;

// One reader of the live sink, paced for a window: reads records in batches,
// at most once per interval (25 ms: 40 batches a second), and only when there
// is something to read: an idle feed costs nothing, it does not poll. Any
// number of feeds can follow one sink, each at its own pace, from the last
// record it saw; creating or destroying one does not affect the others.
// A new feed starts with the records the sink still holds (the count it let
// go before them comes as missed with the first batch), or, with
// Start::AfterNewest, with the next record logged.
//
// Owner: whoever shows the lines (the product's window, a test); lives on its thread. Emits
// batchReady() on that thread with every record in order, and how many it missed before them (the
// sink let them go before this feed read them).
class LogFeed : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFeed)

public:
    enum class Start { WithHeldRecords, AfterNewest };

    explicit LogFeed(std::shared_ptr<LiveLogSink> sink, QObject *parent = nullptr);
    LogFeed(std::shared_ptr<LiveLogSink> sink, Start start, QObject *parent = nullptr);
    // Starts after record `afterSequence`: a reader resuming where it was.
    LogFeed(std::shared_ptr<LiveLogSink> sink, quint64 afterSequence, QObject *parent = nullptr);
    ~LogFeed() override;

    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }
    // Reads what the sink has now, without waiting for the timer.
    void takeNow();

    quint64 delivered() const { return m_delivered; }
    quint64 dropped() const { return m_dropped; } // missed: let go before this feed read them
    quint64 lastSequence() const { return m_lastSequence; }

Q_SIGNALS:
    void batchReady(const workhost::LogRecords &records, quint64 droppedBefore);

private:
    void schedule();

    const std::shared_ptr<LiveLogSink> m_sink;
    const std::shared_ptr<Postbox> m_postbox; // the sink's writers reach us through it
    quint64 m_reader = 0;                     // our LiveLogSink::ReaderId
    quint64 m_lastSequence = 0;               // the last record read or missed
    std::chrono::milliseconds m_interval{25};
    QTimer m_timer;
    QElapsedTimer m_sinceLastTake;
    quint64 m_delivered = 0;
    quint64 m_dropped = 0;
};

} // namespace workhost
