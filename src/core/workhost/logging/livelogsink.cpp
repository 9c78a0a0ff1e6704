#include <workhost/logging/livelogsink.h>
#include <workhost/logging/loglevel.h>

#include <workhost/logging/linebatch.h>
#include <workhost/logging/loglevelmapping.h>

#include <algorithm>
#include <chrono>

namespace workhost {

namespace {

LogRecord recordOf(const spdlog::details::log_msg &message, std::string_view text)
{
    LogRecord record;
    record.timeUsec =
        std::chrono::duration_cast<std::chrono::microseconds>(message.time.time_since_epoch())
            .count();
    record.level = fromSpdlogLevel(message.level);
    record.threadId = message.thread_id;
    record.message = QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    return record;
}

} // namespace

LiveLogSink::LiveLogSink(size_t capacity, size_t byteBudget)
    : m_capacity(std::max<size_t>(capacity, 1))
    , m_byteBudget(byteBudget)
{}

size_t LiveLogSink::ringBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_ringBytes;
}

quint64 LiveLogSink::newestSequence() const
{
    std::lock_guard lock(m_mutex);
    return m_nextSequence - 1;
}

LiveLogSink::ReaderId LiveLogSink::addReader(std::function<void()> ready)
{
    std::lock_guard lock(m_mutex);
    const ReaderId id = m_nextReaderId++;
    m_readers.push_back({id, std::move(ready), false});
    m_anyReaderAsleep = true;
    return id;
}

void LiveLogSink::removeReader(ReaderId reader)
{
    std::lock_guard lock(m_mutex);
    std::erase_if(m_readers, [reader](const Reader &each) { return each.id == reader; });
}

void LiveLogSink::log(const spdlog::details::log_msg &message)
{
    if (!should_log(message.level))
        return;
    // Build the record outside the lock: the conversion is the costly part.
    LogRecord record = recordOf(message, {message.payload.data(), message.payload.size()});
    keep(&record, 1, {message.logger_name.data(), message.logger_name.size()});
}

void LiveLogSink::logBatch(const spdlog::details::log_msg &header, const LineBatch &batch)
{
    std::vector<LogRecord> records;
    records.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i)
        records.push_back(recordOf(header, batch.line(i)));
    keep(records.data(), records.size(), {header.logger_name.data(), header.logger_name.size()});
}

void LiveLogSink::keep(LogRecord *records, size_t count, std::string_view logger)
{
    // A view on spdlog's bytes for the lookup: no copy for a known name.
    const QByteArray name = QByteArray::fromRawData(logger.data(), qsizetype(logger.size()));
    std::vector<std::function<void()>> wake; // allocates only when a reader is to be woken
    {
        std::lock_guard lock(m_mutex);
        auto known = m_names.constFind(name);
        if (known == m_names.cend())
            known = m_names.insert(QByteArray(name.constData(), name.size()), // owns its bytes
                                   QString::fromUtf8(name));
        for (LogRecord *record = records; record != records + count; ++record) {
            record->service = *known;
            record->sequence = m_nextSequence++;
            const size_t bytes = heldBytes(*record);
            if (bytes > m_byteBudget) {
                // Keeping it would mean letting everything older go and still
                // exceeding the budget: it goes alone (readers learn of it as missed).
                ++m_droppedTotal;
            } else {
                makeRoom(bytes);
                m_ring.push_back(std::move(*record));
                m_ringBytes += bytes;
            }
            ++m_produced;
        }
        if (m_anyReaderAsleep) {
            for (Reader &reader : m_readers) {
                if (!reader.woken && reader.ready)
                    wake.push_back(reader.ready);
                reader.woken = true;
            }
            m_anyReaderAsleep = false;
        }
    }
    for (const std::function<void()> &ready : wake)
        ready();
}

void LiveLogSink::makeRoom(size_t incoming)
{
    while (!m_ring.empty() &&
           (m_ring.size() >= m_capacity || m_ringBytes + incoming > m_byteBudget)) {
        m_ringBytes -= heldBytes(m_ring.front());
        m_ring.pop_front();
        ++m_droppedTotal;
    }
}

LiveLogSink::Batch LiveLogSink::readAfter(quint64 lastSeen) const
{
    std::lock_guard lock(m_mutex);
    return readAfterLocked(lastSeen);
}

LiveLogSink::Batch LiveLogSink::read(ReaderId reader, quint64 lastSeen)
{
    std::lock_guard lock(m_mutex);
    for (Reader &each : m_readers) {
        if (each.id == reader) {
            each.woken = false;
            m_anyReaderAsleep = true;
        }
    }
    return readAfterLocked(lastSeen);
}

LiveLogSink::Batch LiveLogSink::readAfterLocked(quint64 lastSeen) const
{
    Batch batch;
    const quint64 newest = m_nextSequence - 1;
    if (lastSeen >= newest)
        return batch;
    // The ring is in sequence order (with gaps where a record was too large).
    const auto first = std::upper_bound(
        m_ring.cbegin(), m_ring.cend(), lastSeen,
        [](quint64 sequence, const LogRecord &record) { return sequence < record.sequence; });
    // Copies share their strings with the ring's records (implicit sharing).
    batch.records.assign(first, m_ring.cend());
    batch.missed = newest - lastSeen - batch.records.size();
    return batch;
}

} // namespace workhost
