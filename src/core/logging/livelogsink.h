#pragma once

#include "core/logging/logrecord.h"

#include <spdlog/sinks/sink.h>

#include <QHash>

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>

namespace workhost {

// The spdlog sink behind the live view: it keeps structured records in a
// bounded queue that the window's thread takes in batches (see LogFeed).
// Never one signal per line.
//
// Producers (any thread) never wait for the window: when the queue is full
// the oldest undelivered records are dropped and counted, so that
// delivered + dropped == produced, exactly, and order per thread is kept.
// "Full" is whichever comes first: `capacity` records, or `byteBudget` bytes
// held (heldBytes() of each record: its text and names at their real size),
// so that long lines cannot multiply what the queue costs. A record larger
// than the whole budget is dropped itself (counted), never kept.
//
// Owned through std::shared_ptr by the LogPipeline and its loggers.
// The ready callback runs on the producer's thread, outside the lock, at most
// once per take(): it only has to schedule a take() on the consumer's thread.
class LiveLogSink final : public spdlog::sinks::sink
{
public:
    static constexpr size_t defaultCapacity = 65536;
    static constexpr size_t defaultByteBudget = 32 * 1024 * 1024;

    explicit LiveLogSink(size_t capacity = defaultCapacity, size_t byteBudget = defaultByteBudget);

    struct Batch
    {
        LogRecords records;
        quint64 dropped = 0; // records dropped since the previous take()
    };
    // Takes every queued record. Holds the lock only to swap the queue out.
    Batch take();

    void setReadyCallback(std::function<void()> ready);
    size_t capacity() const { return m_capacity; }
    size_t byteBudget() const { return m_byteBudget; }
    // What the queued records hold now (never more than byteBudget()).
    size_t queuedBytes() const;

    quint64 produced() const { return m_produced.load(); }
    quint64 dropped() const { return m_droppedTotal.load(); }

    void log(const spdlog::details::log_msg &message) override;
    void flush() override {}
    void set_pattern(const std::string &) override {}
    void set_formatter(std::unique_ptr<spdlog::formatter>) override {}

private:
    // Drops the oldest records until `incoming` more bytes and one more record fit.
    void makeRoom(size_t incoming); // with m_mutex held

    const size_t m_capacity;
    const size_t m_byteBudget;
    mutable std::mutex m_mutex; // guards the fields up to m_names
    std::deque<LogRecord> m_queue;
    size_t m_queuedBytes = 0; // heldBytes() of every record in m_queue
    quint64 m_droppedSinceTake = 0;
    quint64 m_nextSequence = 1;
    QHash<QByteArray, QString> m_names; // one shared QString per logger name
    std::function<void()> m_ready;      // set once, before logging starts
    std::atomic<bool> m_readySignalled = false;
    std::atomic<quint64> m_produced = 0;
    std::atomic<quint64> m_droppedTotal = 0;
};

} // namespace workhost
