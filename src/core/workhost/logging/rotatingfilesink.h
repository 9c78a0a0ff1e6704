#pragma once

#include <workhost/logging/linebatchsink.h>
#include <workhost/logging/sinknotice.h>

#include <QtGlobal>

#include <spdlog/sinks/base_sink.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace workhost {

// The log file: every line, synchronously (a line is in the sink's buffer
// when the log call returns; the buffer is written with write(2) when it
// holds 64 KiB, on flush(), and at once after flushForExit()), rotated by
// size as spdlog's rotating_file_sink does: when a line would take the file
// past maxSize, workhost.log becomes workhost.1.log, .1 becomes .2 and so on,
// keeping maxFiles old files besides the current one.
//
// It never throws and never gives up. When the file cannot be opened,
// written or rotated (a full disk, its folder gone or replaced by a file),
// its lines are counted as lost, notices() says so once, and the file is
// tried again at most once per retryInterval (at a log call or a flush);
// when a write works again, notices() says so with the number of lines lost.
// maintain(), once a second, also reopens the path when the file was
// deleted or moved away (logrotate without copytruncate), and reopen() does
// it on request. The descriptor is O_CLOEXEC: children never inherit it.
//
// spdlog 1.10's own rotating_file_sink cannot do this: it throws from log()
// and flush() (std::terminate on spdlog's periodic flusher, with the sink's
// lock held), its constructor throws when the folder is unusable, and after a
// failed reopen it keeps a null FILE* and writes through it (SIGSEGV).
//
// A LineBatch (logLines()) is written under one lock, its frame formatted
// once; each of its lines is kept, rotated and counted as a line logged alone,
// and the buffer is written out at the batch's end (one write per read of a
// program's output, not one per line nor a second later).
//
// Owned through std::shared_ptr by the LogPipeline and its loggers; every
// member may be called from any thread (base_sink's lock).
class RotatingFileSink final : public spdlog::sinks::base_sink<std::mutex>, public LineBatchSink
{
public:
    RotatingFileSink(std::string path, size_t maxSize, size_t maxFiles,
                     std::chrono::milliseconds retryInterval = std::chrono::seconds(1));
    ~RotatingFileSink() override; // writes out what is buffered

    const std::string &path() const { return m_path; }

    // Once a second: writes out the buffer; reopens the path when the file
    // there is no longer the one open (deleted, moved), or retries a file
    // that failed.
    void maintain();
    // Writes out the buffer to the file open now, then opens the path afresh
    // (logrotate's postrotate).
    void reopen();
    // For exits that leave without returning and std::terminate: from now on
    // each line is written at once, and what is buffered is written out if
    // the lock can be had within `wait` (false if another thread held it all
    // along, e.g. blocked in write(2) on a hung file system).
    bool flushForExit(std::chrono::milliseconds wait);

    // What happened since the previous call (failed, works again, reopened).
    SinkNotices notices();
    bool isWriting() const { return m_writing.load(); } // false while failing
    quint64 linesLost() const { return m_linesLost.load(); }

    void logBatch(const spdlog::details::log_msg &header, const LineBatch &batch) override;

protected:
    void sink_it_(const spdlog::details::log_msg &message) override;
    void flush_() override;

private:
    // All of these run with base_sink's lock held.
    bool open(bool truncate);
    // The line formatted into the buffer from `start` on: rotates first when
    // it would take the file past its size, writes out a full buffer.
    void keepLine(size_t start);
    void retryIfDue();
    void reopenBecause(const std::string &why);
    void writeOut();
    void rotate();
    void fail(const std::string &what, int error);
    void lose(quint64 lines);
    std::string pathOf(size_t index) const; // workhost.log, workhost.1.log...

    const std::string m_path;
    const size_t m_maxSize;
    const size_t m_maxFiles;
    const std::chrono::milliseconds m_retryInterval;
    std::string m_stem; // the path without its extension
    std::string m_extension;

    // Guarded by base_sink's lock (mutex_):
    int m_fd = -1;
    std::uint64_t m_device = 0; // st_dev and st_ino of the open file
    std::uint64_t m_inode = 0;
    size_t m_fileSize = 0;         // bytes in the file, the buffer not counted
    spdlog::memory_buf_t m_buffer; // formatted lines not yet written
    bool m_failing = false;
    std::string m_failure;
    quint64 m_lostSinceFailure = 0;
    std::chrono::steady_clock::time_point m_failedAt;
    std::chrono::steady_clock::time_point m_lastAttempt;
    SinkNotices m_notices;

    std::atomic<bool> m_writeThrough = false;
    std::atomic<bool> m_writing = false;
    std::atomic<quint64> m_linesLost = 0;
};

} // namespace workhost
