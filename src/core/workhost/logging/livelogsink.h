#pragma once

#include <workhost/logging/linebatchsink.h>
#include <workhost/logging/logrecord.h>

#include <spdlog/sinks/sink.h>

#include <QHash>

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

namespace workhost {

// The spdlog sink behind the live view: it numbers every record 1, 2, 3 ...
// and keeps the newest in a ring bounded in records and bytes, which any
// number of readers follow at their own pace, each asking for the records
// after the last number it saw (as qBittorrent's Logger does). Readers never
// take records away from each other. Never one signal per line.
//
//     LiveLogSink::Batch batch = sink->readAfter(lastSeen);
//     lastSeen += batch.missed + batch.records.size();
//
// Producers (any thread) never wait for a reader: when the ring is full the
// oldest records are let go, read or not. A reader that fell behind is told
// how many of the records after its last one it missed, so that for each
// reader, delivered + missed == produced, exactly, and order per thread is
// kept. "Full" is whichever comes first: `capacity` records, or `byteBudget`
// bytes held (heldBytes() of each record: its text and names at their real
// size), so that long lines cannot multiply what the ring costs. A record
// larger than the whole budget is never kept (it counts as missed).
//
// Wake-ups: a reader registered with addReader() has its `ready` callback
// called on a writer's thread, outside the lock, for the first record logged
// after each of its read()s: at most once per read, and never while no record
// comes (an idle reader costs nothing). It only has to schedule a read on the
// reader's own thread.
//
// A LineBatch (logLines()) is taken under one lock with one wake-up: its
// records are numbered one after the other, as lines logged one by one.
//
// Owned through std::shared_ptr by the LogPipeline and its loggers.
class LiveLogSink final : public spdlog::sinks::sink, public LineBatchSink
{
public:
    static constexpr size_t defaultCapacity = 65536;
    static constexpr size_t defaultByteBudget = 32 * 1024 * 1024;

    explicit LiveLogSink(size_t capacity = defaultCapacity, size_t byteBudget = defaultByteBudget);

    struct Batch
    {
        LogRecords records; // numbered after the reader's last, oldest first
        quint64 missed = 0; // numbered after the reader's last, let go before this read
    };
    // The records numbered after `lastSeen` (0: every record held). After it,
    // the reader's last is lastSeen + missed + records.size(). Any thread.
    Batch readAfter(quint64 lastSeen) const;

    using ReaderId = quint64;
    // Registers a reader to be woken (see above). Any thread.
    ReaderId addReader(std::function<void()> ready);
    // A writer may still be running a copy of its callback when this returns.
    void removeReader(ReaderId reader);
    // readAfter(), and `reader`'s callback is armed for the next record.
    Batch read(ReaderId reader, quint64 lastSeen);

    size_t capacity() const { return m_capacity; }
    size_t byteBudget() const { return m_byteBudget; }
    // What the held records cost now (never more than byteBudget()).
    size_t ringBytes() const;
    // The number of the newest record (0: none yet).
    quint64 newestSequence() const;

    quint64 produced() const { return m_produced.load(); }
    // Records the ring let go (read or not) or never kept (too large).
    quint64 dropped() const { return m_droppedTotal.load(); }

    void log(const spdlog::details::log_msg &message) override;
    void logBatch(const spdlog::details::log_msg &header, const LineBatch &batch) override;
    void flush() override {}
    void set_pattern(const std::string &) override {}
    void set_formatter(std::unique_ptr<spdlog::formatter>) override {}

private:
    struct Reader
    {
        ReaderId id = 0;
        std::function<void()> ready;
        bool woken = false; // ready() was called since its last read()
    };

    Batch readAfterLocked(quint64 lastSeen) const; // with m_mutex held
    // Numbers and keeps `records` (built outside the lock), logged by `logger`,
    // and wakes the readers that wait.
    void keep(LogRecord *records, size_t count, std::string_view logger);
    // Lets the oldest records go until `incoming` more bytes and one more record fit.
    void makeRoom(size_t incoming); // with m_mutex held

    const size_t m_capacity;
    const size_t m_byteBudget;
    mutable std::mutex m_mutex; // guards the fields up to m_anyReaderAsleep
    std::deque<LogRecord> m_ring;
    size_t m_ringBytes = 0; // heldBytes() of every record in m_ring
    quint64 m_nextSequence = 1;
    QHash<QByteArray, QString> m_names; // one shared QString per logger name
    std::vector<Reader> m_readers;
    ReaderId m_nextReaderId = 1;
    bool m_anyReaderAsleep = false; // some reader is armed: a log call has callbacks to make
    std::atomic<quint64> m_produced = 0;
    std::atomic<quint64> m_droppedTotal = 0;
};

} // namespace workhost
