#pragma once

#include <workhost/logging/loglevel.h>
#include <workhost/logging/logoptions.h>

#include <QHash>
#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace spdlog {
class logger;
namespace sinks {
class sink;
}
} // namespace spdlog

namespace workhost {

class ConsoleSink;
class LiveLogSink;
class LogFlusher;
class RotatingFileSink;

// The application's logging: one spdlog logger per service (named after it)
// and for the host, the application ("app") and Qt's own messages ("qt"), all
// writing to the same sinks: the live sink for a window (none without one), a rotating file
// that keeps every line, and stderr in headless mode.
//
// The file sink is fed synchronously: a line is in the file's buffer when the
// log call returns, so nothing queued is lost at exit, at a shutdown deadline
// or on std::terminate; the buffer is flushed on warnings and above, every
// second, and at those moments. See docs/ARCHITECTURE.md for why not async.
// stderr is written by its own thread from a queue bounded in bytes, so a
// reader that does not read never blocks a log call (ConsoleSink).
//
// No log failure stops the host: a file that cannot be opened or written
// (also at start) or a stderr that is gone is said once through the "app"
// logger (so on the other sinks), counted, retried every second for the file,
// and said again when it works. Once a second a thread of its own (LogFlusher)
// flushes the file, reopens it if it was deleted or moved, and logs what the
// sinks noticed, outside every sink's lock.
//
// Owner: main() (or a test). The first pipeline made while none exists is
// current() until it is destroyed: services log to it (PipelineLogger, also
// those made before it), spdlog's default logger is its "app" logger, its
// std::terminate hook flushes it, and with LogOptions::routeQtMessages
// qDebug()/qWarning() land in its "qt" logger. Its destructor stops the
// flusher, drains and ends stderr (bounded), flushes the file and restores
// what it replaced (Qt's handler only if no one installed another over it).
// A pipeline made while another is current is not current: its own loggers
// and sinks work, it touches nothing global, and it says so in a warning.
// Thread-safe after construction; the constructor throws nothing (an
// unusable log folder is a warning line).
class LogPipeline
{
public:
    explicit LogPipeline(LogOptions options = {});
    ~LogPipeline();
    LogPipeline(const LogPipeline &) = delete;
    LogPipeline &operator=(const LogPipeline &) = delete;

    static LogPipeline *current();
    // Changes whenever a pipeline becomes current or stops being current: a
    // holder of a logger from loggerFor() asks again then (PipelineLogger).
    static std::uint64_t generation();
    // The current pipeline's logger for `name`; without a pipeline, a logger
    // sharing the default logger's sinks. Something that logs for long holds a
    // PipelineLogger instead, which follows the current pipeline.
    static std::shared_ptr<spdlog::logger> loggerFor(const QString &name);
    // Flushes the current pipeline's sinks (safe to call with none).
    static void flushCurrent();
    // For the exits that leave without returning (std::_Exit: abandoned
    // threads, "Quit now", a second Ctrl+C): makes every line that reached
    // stderr reach the file too, and lets nothing reach stderr afterwards.
    // Safe to call with no pipeline.
    static void sealCurrentForExit();
    // Reopens the current pipeline's log file (logrotate's postrotate, on
    // SIGUSR1): from the event loop, never from a signal handler.
    static void reopenCurrentFiles();

    std::shared_ptr<spdlog::logger> logger(const QString &name);
    // Null when LogOptions::live is off.
    std::shared_ptr<LiveLogSink> liveSink() const { return m_live; }
    QString filePath() const { return m_filePath; } // empty without a file

    LogLevel level() const;
    void setLevel(LogLevel level);
    // A level for one logger, or nothing to follow the global level again.
    void setServiceLevel(const QString &name, std::optional<LogLevel> level);
    std::optional<LogLevel> serviceLevel(const QString &name) const;

    // Writes out the file, and waits at most a second for stderr's queue.
    void flush();
    // Stops stderr for good (what is queued is written first, waiting at
    // most a second for a reader that does not read), then writes the file's
    // buffer out (waiting at most a second for its lock) and writes every
    // later line at once. Bounded: safe on the way out of std::terminate.
    void sealForExit();
    // Writes out the file and opens its path afresh; says so in the log.
    void reopenFiles();

private:
    void apply(spdlog::logger &logger, const QString &name) const; // with m_mutex held
    bool becomeCurrent();   // false: another pipeline is current
    void takeOverGlobals(); // the default logger, Qt's handler, std::terminate's
    void restoreGlobals();
    void stopBeingCurrent();
    void tick(); // the flusher's
    // Logs what the sinks noticed through the "app" logger. `final`: also the
    // lines stderr dropped that its reader has not caught up with.
    void reportNotices(bool final);

    const LogOptions m_options;
    std::shared_ptr<LiveLogSink> m_live;
    std::shared_ptr<RotatingFileSink> m_file;
    std::shared_ptr<ConsoleSink> m_console;
    std::vector<std::shared_ptr<spdlog::sinks::sink>> m_sinks;
    QString m_filePath;

    mutable std::mutex m_mutex; // guards the three below
    LogLevel m_level;
    QHash<QString, LogLevel> m_overrides;
    std::map<QString, std::shared_ptr<spdlog::logger>> m_loggers;

    bool m_isCurrent = false;
    std::shared_ptr<spdlog::logger> m_previousDefault;
    std::unique_ptr<LogFlusher> m_flusher;
};

} // namespace workhost
