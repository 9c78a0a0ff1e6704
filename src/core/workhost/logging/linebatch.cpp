#include <workhost/logging/linebatch.h>

#include <workhost/logging/linebatchsink.h>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include <cstring>

namespace workhost {

LineBatch::LineBatch(spdlog::level::level_enum level)
    : m_level(level)
    , m_time(spdlog::log_clock::now())
{}

char *LineBatch::beginLine(size_t maxBytes)
{
    m_text.reserve(m_text.size() + maxBytes);
    return m_text.data() + m_text.size();
}

void LineBatch::endLine(const char *end)
{
    m_text.resize(size_t(end - m_text.data())); // within the room beginLine() made: no copy
    m_ends.push_back(m_text.size());
}

void LineBatch::append(std::string_view line)
{
    char *out = beginLine(line.size());
    std::memcpy(out, line.data(), line.size());
    endLine(out + line.size());
}

std::string_view LineBatch::line(size_t index) const
{
    const size_t begin = index == 0 ? 0 : m_ends[index - 1];
    return {m_text.data() + begin, m_ends[index] - begin};
}

void LineBatch::clear()
{
    m_text.clear();
    m_ends.clear();
}

void LineBatch::release()
{
    m_text = spdlog::memory_buf_t();
    m_ends = std::vector<size_t>();
}

void logLines(spdlog::logger &logger, const LineBatch &batch)
{
    const spdlog::level::level_enum level = batch.level();
    if (batch.empty() || !logger.should_log(level))
        return;
    const spdlog::details::log_msg header(batch.time(), spdlog::source_loc{}, logger.name(), level,
                                          spdlog::string_view_t());
    for (const spdlog::sink_ptr &sink : logger.sinks()) {
        if (!sink->should_log(level))
            continue;
        try {
            if (auto *batchSink = dynamic_cast<LineBatchSink *>(sink.get())) {
                batchSink->logBatch(header, batch);
                continue;
            }
            spdlog::details::log_msg message = header;
            for (size_t i = 0; i < batch.size(); ++i) {
                const std::string_view line = batch.line(i);
                message.payload = spdlog::string_view_t(line.data(), line.size());
                sink->log(message);
            }
        } catch (...) {
            // As spdlog's logger does with a sink that throws: the lines are
            // lost to it; the program's output goes on.
        }
    }
    if (level < logger.flush_level() || level == spdlog::level::off)
        return;
    for (const spdlog::sink_ptr &sink : logger.sinks()) {
        try {
            sink->flush();
        } catch (...) {
        }
    }
}

} // namespace workhost
