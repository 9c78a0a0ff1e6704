#pragma once

#include <workhost/logging/consolewriter.h>
#include <workhost/logging/linebatchsink.h>

#include <spdlog/sinks/base_sink.h>

#include <mutex>

namespace workhost {

// The headless host's stderr: each line is formatted (coloured only when the
// descriptor is a terminal) and handed to a ConsoleWriter, whose own thread
// writes it with write(2). So a log call never waits for the reader: when
// the writer's queue (1 MiB) is full the line is dropped and counted, and
// said later (notices()). A write error (EPIPE once the reader is gone, EIO)
// ends writing to stderr for good; the process goes on. Nothing is flushed
// per line: the writer writes as soon as it can. A LineBatch (logLines())
// goes to the writer in pieces of up to 64 KiB of whole lines: one queueing,
// one wake-up of the writer per piece, not per line.
//
// Owned through std::shared_ptr by the LogPipeline and its loggers; log()
// from any thread (base_sink's lock covers the formatting only).
class ConsoleSink final : public spdlog::sinks::base_sink<std::mutex>, public LineBatchSink
{
public:
    explicit ConsoleSink(int fd = 2, size_t capacityBytes = 1024 * 1024);

    bool usesColour() const { return m_colour; }
    // See ConsoleWriter.
    void drain(std::chrono::milliseconds patience) { m_writer.drain(patience); }
    void seal(std::chrono::milliseconds patience = std::chrono::seconds(1))
    {
        m_writer.seal(patience);
    }
    SinkNotices notices(bool includePending = false) { return m_writer.notices(includePending); }
    quint64 droppedTotal() const { return m_writer.droppedTotal(); }

    void logBatch(const spdlog::details::log_msg &header, const LineBatch &batch) override;

protected:
    void sink_it_(const spdlog::details::log_msg &message) override;
    void flush_() override {}

private:
    const bool m_colour;
    spdlog::memory_buf_t m_line; // under base_sink's lock
    ConsoleWriter m_writer;
};

} // namespace workhost
