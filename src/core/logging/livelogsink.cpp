#include "core/logging/livelogsink.h"

#include <chrono>

namespace workhost {

namespace {

LogLevel fromSpdlog(spdlog::level::level_enum level)
{
    switch (level) {
    case spdlog::level::trace:
        return LogLevel::Trace;
    case spdlog::level::debug:
        return LogLevel::Debug;
    case spdlog::level::info:
        return LogLevel::Info;
    case spdlog::level::warn:
        return LogLevel::Warning;
    case spdlog::level::err:
        return LogLevel::Error;
    case spdlog::level::critical:
        return LogLevel::Critical;
    case spdlog::level::off:
    case spdlog::level::n_levels:
        break;
    }
    return LogLevel::Off;
}

} // namespace

LiveLogSink::LiveLogSink(size_t capacity, size_t byteBudget)
    : m_capacity(std::max<size_t>(capacity, 1))
    , m_byteBudget(byteBudget)
{}

size_t LiveLogSink::queuedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_queuedBytes;
}

void LiveLogSink::setReadyCallback(std::function<void()> ready)
{
    std::lock_guard lock(m_mutex);
    m_ready = std::move(ready);
}

void LiveLogSink::log(const spdlog::details::log_msg &message)
{
    if (!should_log(message.level))
        return;
    // Build the record outside the lock: the conversion is the costly part.
    LogRecord record;
    record.timeUsec =
        std::chrono::duration_cast<std::chrono::microseconds>(message.time.time_since_epoch())
            .count();
    record.level = fromSpdlog(message.level);
    record.threadId = message.thread_id;
    record.message =
        QString::fromUtf8(message.payload.data(), static_cast<qsizetype>(message.payload.size()));
    // A view on spdlog's bytes for the lookup: no copy for a known name.
    const QByteArray name = QByteArray::fromRawData(
        message.logger_name.data(), static_cast<qsizetype>(message.logger_name.size()));

    std::function<void()> ready;
    {
        std::lock_guard lock(m_mutex);
        auto known = m_names.constFind(name);
        if (known == m_names.cend())
            known = m_names.insert(QByteArray(name.constData(), name.size()), // owns its bytes
                                   QString::fromUtf8(name));
        record.service = *known;
        record.sequence = m_nextSequence++;
        const size_t bytes = heldBytes(record);
        if (bytes > m_byteBudget) {
            // Keeping it would mean dropping everything older and still
            // exceeding the budget: it goes alone (the window learns of it).
            ++m_droppedSinceTake;
            ++m_droppedTotal;
        } else {
            makeRoom(bytes);
            m_queue.push_back(std::move(record));
            m_queuedBytes += bytes;
        }
        ++m_produced;
        if (!m_readySignalled.exchange(true))
            ready = m_ready;
    }
    if (ready)
        ready();
}

void LiveLogSink::makeRoom(size_t incoming)
{
    while (!m_queue.empty() &&
           (m_queue.size() >= m_capacity || m_queuedBytes + incoming > m_byteBudget)) {
        m_queuedBytes -= heldBytes(m_queue.front());
        m_queue.pop_front();
        ++m_droppedSinceTake;
        ++m_droppedTotal;
    }
}

LiveLogSink::Batch LiveLogSink::take()
{
    std::deque<LogRecord> taken;
    Batch batch;
    {
        std::lock_guard lock(m_mutex);
        taken.swap(m_queue);
        m_queuedBytes = 0;
        batch.dropped = m_droppedSinceTake;
        m_droppedSinceTake = 0;
        m_readySignalled = false;
    }
    batch.records.reserve(taken.size());
    std::move(taken.begin(), taken.end(), std::back_inserter(batch.records));
    return batch;
}

} // namespace workhost
