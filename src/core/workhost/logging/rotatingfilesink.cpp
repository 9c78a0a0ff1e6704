#include <workhost/logging/loglevel.h>
#include <workhost/logging/rotatingfilesink.h>

#include <workhost/logging/linebatch.h>
#include <workhost/logging/lineframe.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace workhost {

namespace {

using Clock = std::chrono::steady_clock;

// Lines are written out in blocks of this size (stdio's buffer is 4 KiB):
// few write(2) calls, and at most this much waits for the next flush.
constexpr size_t writeBlock = 64 * 1024;

quint64 countLines(const char *begin, const char *end)
{
    return quint64(std::count(begin, end, '\n'));
}

std::string describe(int error)
{
    return std::strerror(error);
}

std::string every(std::chrono::milliseconds interval)
{
    if (interval == std::chrono::seconds(1))
        return "every second";
    return "every " + std::to_string(interval.count()) + " ms";
}

} // namespace

RotatingFileSink::RotatingFileSink(std::string path, size_t maxSize, size_t maxFiles,
                                   std::chrono::milliseconds retryInterval)
    : m_path(std::move(path))
    , m_maxSize(std::max<size_t>(maxSize, 1))
    , m_maxFiles(maxFiles)
    , m_retryInterval(retryInterval)
{
    // As spdlog splits it: "logs/workhost.log" -> "logs/workhost" + ".log";
    // no extension for "logs/.hidden" or "logs.d/file".
    const size_t dot = m_path.rfind('.');
    const size_t slash = m_path.rfind('/');
    const bool hasExtension = dot != std::string::npos && dot != 0 && dot + 1 != m_path.size() &&
                              (slash == std::string::npos || slash + 1 < dot);
    m_stem = hasExtension ? m_path.substr(0, dot) : m_path;
    m_extension = hasExtension ? m_path.substr(dot) : std::string();
    m_buffer.reserve(writeBlock + 1024);
    std::lock_guard lock(mutex_);
    open(false);
}

RotatingFileSink::~RotatingFileSink()
{
    std::lock_guard lock(mutex_);
    if (m_fd >= 0) {
        writeOut();
        if (m_fd >= 0)
            ::close(m_fd);
    }
}

std::string RotatingFileSink::pathOf(size_t index) const
{
    if (index == 0)
        return m_path;
    return m_stem + '.' + std::to_string(index) + m_extension;
}

bool RotatingFileSink::open(bool truncate)
{
    m_lastAttempt = Clock::now();
    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(m_path).parent_path(), error);
    if (error) {
        fail("cannot create its folder", error.value());
        return false;
    }
    // O_NONBLOCK only for the open itself: a FIFO without a reader must not
    // hang the host here.
    const int fd = ::open(
        m_path.c_str(),
        O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | (truncate ? O_TRUNC : 0), 0644);
    if (fd < 0) {
        fail("cannot open it", errno);
        return false;
    }
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || ::fcntl(fd, F_SETFL, O_APPEND) != 0) {
        const int error = errno;
        ::close(fd);
        fail("cannot open it", error);
        return false;
    }
    m_fd = fd;
    m_device = info.st_dev;
    m_inode = info.st_ino;
    m_fileSize = size_t(info.st_size);
    if (!m_failing)
        m_writing = true; // while failing, only a write that works ends it
    return true;
}

void RotatingFileSink::retryIfDue()
{
    if (Clock::now() - m_lastAttempt >= m_retryInterval)
        open(false);
}

void RotatingFileSink::fail(const std::string &what, int error)
{
    lose(countLines(m_buffer.data(), m_buffer.data() + m_buffer.size()));
    m_buffer.clear();
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_lastAttempt = Clock::now();
    m_writing = false;
    if (m_failing)
        return; // said once, when it started
    m_failing = true;
    m_failedAt = m_lastAttempt;
    m_failure = what + ": " + describe(error);
    m_notices.push_back({LogLevel::Warning, "the log file " + m_path + " cannot be written (" +
                                                m_failure +
                                                "); its lines are lost until it can, tried again " +
                                                every(m_retryInterval)});
}

void RotatingFileSink::lose(quint64 lines)
{
    m_lostSinceFailure += lines;
    m_linesLost += lines;
}

void RotatingFileSink::writeOut()
{
    if (m_buffer.size() == 0)
        return; // and a failing file is not declared working without a write
    const char *data = m_buffer.data();
    size_t done = 0;
    while (done < m_buffer.size()) {
        const ssize_t n = ::write(m_fd, data + done, m_buffer.size() - done);
        if (n > 0) {
            done += size_t(n);
            m_fileSize += size_t(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            const int error = n < 0 ? errno : EIO;
            // What reached the file is not lost; the rest is.
            std::copy(data + done, data + m_buffer.size(), m_buffer.data());
            m_buffer.resize(m_buffer.size() - done);
            fail("cannot write it", error);
            return;
        }
    }
    m_buffer.clear();
    if (!m_failing)
        return;
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - m_failedAt).count();
    m_notices.push_back({LogLevel::Warning, "the log file " + m_path + " is written again after " +
                                                std::to_string(seconds) + " s; " +
                                                std::to_string(m_lostSinceFailure) +
                                                " lines were lost (" + m_failure + ")"});
    m_failing = false;
    m_lostSinceFailure = 0;
    m_writing = true;
}

void RotatingFileSink::rotate()
{
    ::close(m_fd);
    m_fd = -1;
    for (size_t i = m_maxFiles; i > 0; --i) {
        const std::string from = pathOf(i - 1);
        if (::rename(from.c_str(), pathOf(i).c_str()) != 0 && errno != ENOENT) {
            fail("cannot rotate it: renaming " + from, errno);
            return;
        }
    }
    open(true); // truncates only when no old file is kept (maxFiles 0)
}

void RotatingFileSink::sink_it_(const spdlog::details::log_msg &message)
{
    if (m_fd < 0)
        retryIfDue();
    if (m_fd < 0) {
        lose(1);
        return;
    }
    const size_t start = m_buffer.size();
    try {
        formatter_->format(message, m_buffer);
    } catch (...) {
        m_buffer.resize(start); // out of memory: this line only is lost
        lose(1);
        return;
    }
    keepLine(start);
}

void RotatingFileSink::logBatch(const spdlog::details::log_msg &header, const LineBatch &batch)
{
    std::lock_guard lock(mutex_);
    std::optional<LineFrame> frame;
    try {
        frame = LineFrame::of(*formatter_, header);
    } catch (...) {
        // out of memory: line by line below, each losing only itself
    }
    spdlog::details::log_msg message = header;
    for (size_t i = 0; i < batch.size(); ++i) {
        const std::string_view line = batch.line(i);
        if (!frame) {
            message.payload = spdlog::string_view_t(line.data(), line.size());
            sink_it_(message);
            continue;
        }
        if (m_fd < 0)
            retryIfDue();
        if (m_fd < 0) {
            lose(1);
            continue;
        }
        const size_t start = m_buffer.size();
        try {
            m_buffer.append(frame->prefix.data(), frame->prefix.data() + frame->prefix.size());
            m_buffer.append(line.data(), line.data() + line.size());
            m_buffer.append(frame->suffix.data(), frame->suffix.data() + frame->suffix.size());
        } catch (...) {
            m_buffer.resize(start);
            lose(1);
            continue;
        }
        keepLine(start);
    }
    // A captured program's lines are in the file when their read is logged,
    // as supervisord writes each chunk it reads: a flood writes 64 KiB pieces
    // anyway, and a program that pauses is not a second behind in the file.
    if (m_fd >= 0 && m_buffer.size() > 0)
        writeOut();
}

void RotatingFileSink::keepLine(size_t start)
{
    if (m_fileSize + m_buffer.size() > m_maxSize) {
        // The line would take the file past its size: what precedes it goes
        // to this file, then the file rotates, unless it is empty (a line
        // larger than the limit, or a full disk: never rotate in a loop).
        const size_t line = m_buffer.size() - start;
        const std::string pending(m_buffer.data() + start, line);
        m_buffer.resize(start);
        writeOut();
        if (m_fd < 0) {
            lose(1);
            return;
        }
        struct stat info = {};
        if (::fstat(m_fd, &info) == 0)
            m_fileSize = size_t(info.st_size); // someone may have truncated it
        if (m_fileSize > 0 && m_fileSize + line > m_maxSize) {
            rotate();
            if (m_fd < 0) {
                lose(1);
                return;
            }
        }
        m_buffer.append(pending.data(), pending.data() + pending.size());
    }
    if (m_buffer.size() >= writeBlock || m_writeThrough.load())
        writeOut();
}

void RotatingFileSink::flush_()
{
    if (m_fd >= 0)
        writeOut();
    else
        retryIfDue();
}

void RotatingFileSink::maintain()
{
    std::lock_guard lock(mutex_);
    if (m_fd < 0) {
        retryIfDue();
        return;
    }
    writeOut();
    if (m_fd < 0)
        return;
    struct stat info = {};
    if (::stat(m_path.c_str(), &info) != 0)
        reopenBecause("it was deleted or moved away");
    else if (std::uint64_t(info.st_dev) != m_device || std::uint64_t(info.st_ino) != m_inode)
        reopenBecause("another file took its place");
}

void RotatingFileSink::reopen()
{
    std::lock_guard lock(mutex_);
    reopenBecause("on request");
}

void RotatingFileSink::reopenBecause(const std::string &why)
{
    if (m_fd >= 0) {
        writeOut(); // to the file as it is now, wherever it was moved
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    if (open(false))
        m_notices.push_back({LogLevel::Info, "reopened the log file " + m_path + " (" + why + ")"});
}

bool RotatingFileSink::flushForExit(std::chrono::milliseconds wait)
{
    m_writeThrough = true;
    const auto deadline = Clock::now() + wait;
    while (!mutex_.try_lock()) {
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::lock_guard lock(mutex_, std::adopt_lock);
    if (m_fd >= 0)
        writeOut();
    return true;
}

SinkNotices RotatingFileSink::notices()
{
    std::lock_guard lock(mutex_);
    return std::exchange(m_notices, {});
}

} // namespace workhost
