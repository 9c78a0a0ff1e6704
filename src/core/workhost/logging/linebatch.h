#pragma once

#include <spdlog/common.h>

#include <string_view>
#include <vector>

namespace spdlog {
class logger;
}

namespace workhost {

// Lines that one logger logs at one level, stamped with one time: what a
// command worker read from its program in one go. logLines() hands them to
// each sink in one call under one lock (LineBatchSink), the frame of a line
// ("time [level] [logger] [thread] ") formatted once per batch; each line
// still comes out as a log line of its own, exactly as if it had been logged
// alone at time() by the thread that calls logLines().
//
//     LineBatch batch(spdlog::level::info);
//     batch.append("first");
//     char *out = batch.beginLine(maxBytes); ... batch.endLine(end);
//     logLines(log(), batch);
//
// A value for one thread. Its memory is kept across clear(), so a reader
// reuses one batch per stream, and given back by release(); what it holds
// is bounded by what its user puts in before logging it.
class LineBatch
{
public:
    explicit LineBatch(spdlog::level::level_enum level);

    spdlog::level::level_enum level() const { return m_level; }
    spdlog::log_clock::time_point time() const { return m_time; }
    // Every line of the batch is logged with this time (the default: when it was made).
    void stamp(spdlog::log_clock::time_point time) { m_time = time; }

    // A line written in place: `maxBytes` may be written from the pointer
    // returned, and endLine() takes the end of what was written.
    char *beginLine(size_t maxBytes);
    void endLine(const char *end);
    void append(std::string_view line);

    size_t size() const { return m_ends.size(); } // lines
    bool empty() const { return m_ends.empty(); }
    size_t bytes() const { return m_text.size(); } // the lines' text, back to back
    std::string_view line(size_t index) const;

    // Empties the batch, keeping its memory (for a stream that floods); the time stays.
    void clear();
    // Empties the batch and gives its memory back (for a stream that went quiet).
    void release();

private:
    spdlog::level::level_enum m_level;
    spdlog::log_clock::time_point m_time;
    spdlog::memory_buf_t m_text;
    std::vector<size_t> m_ends; // where each line ends in m_text
};

// Logs every line of `batch` through `logger`, as logger.log(level, line)
// would one by one: nothing when the logger's level is above the batch's;
// each sink whose level lets it through gets the batch in one call when it
// is a LineBatchSink, else line by line; the sinks are flushed once
// afterwards when the level is at or above the logger's flush level. A sink
// that throws loses the lines (spdlog's logger would drop them as well);
// nothing reaches the caller. The calling thread is the lines' thread.
void logLines(spdlog::logger &logger, const LineBatch &batch);

} // namespace workhost
