#include <workhost/logging/loglevel.h>
#include <workhost/logging/logpipeline.h>

#include <workhost/logging/consolesink.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logflusher.h>
#include <workhost/logging/loglevelmapping.h>
#include <workhost/logging/rotatingfilesink.h>

#include <QDir>
#include <QFile>
#include <QtGlobal>

#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <mutex>

#include <unistd.h>

namespace workhost {

namespace {

std::atomic<LogPipeline *> s_current = nullptr;
std::atomic<std::uint64_t> s_generation = 1; // PipelineLogger starts at 0: never equal
QtMessageHandler s_previousQtHandler = nullptr;
std::terminate_handler s_previousTerminate = nullptr;

// Held while the current pipeline changes and while loggerFor() asks it for a
// logger, so that a thread resolving its logger never meets a pipeline being
// destroyed. Never taken on the terminate or signal paths.
std::mutex &currentMutex()
{
    static std::mutex mutex;
    return mutex;
}

constexpr const char *linePattern = "%Y-%m-%d %H:%M:%S.%e [%^%l%$] [%n] [%t] %v";

// qDebug(), qWarning() and friends, from Qt or from our own code, go to the
// "qt" logger (or one named after their category), never straight to stderr.
void routeQtMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    LogPipeline *pipeline = s_current.load();
    // No pipeline: an application handler installed over ours still calls us.
    if (!pipeline) {
        if (s_previousQtHandler)
            s_previousQtHandler(type, context, text);
        return;
    }
    const QString category = QString::fromLatin1(context.category ? context.category : "default");
    const QString name = category == QLatin1String("default") ? QStringLiteral("qt")
                                                              : QStringLiteral("qt.") + category;
    pipeline->logger(name)->log(toSpdlogLevel(fromQtMsgType(type)), "{}", text.toStdString());
    if (type == QtFatalMsg)
        pipeline->flush(); // Qt aborts right after this handler returns
}

// Bounded: the sink whose failure led here may still hold its lock.
[[noreturn]] void flushThenTerminate()
{
    LogPipeline::sealCurrentForExit();
    if (s_previousTerminate)
        s_previousTerminate();
    std::abort();
}

} // namespace

LogPipeline::LogPipeline(LogOptions options)
    : m_options(std::move(options))
    , m_live(m_options.live
                 ? std::make_shared<LiveLogSink>(m_options.liveCapacity, m_options.liveBytes)
                 : nullptr)
    , m_level(m_options.level)
{
    if (m_live)
        m_sinks.push_back(m_live);
    if (!m_options.fileDirectory.isEmpty()) {
        m_filePath = QDir(m_options.fileDirectory).filePath(m_options.fileName);
        // Never throws: a file that cannot be opened is a notice, and retried.
        m_file = std::make_shared<RotatingFileSink>(QFile::encodeName(m_filePath).toStdString(),
                                                    m_options.maxFileSize, m_options.maxFiles);
        m_file->set_pattern(linePattern);
        m_sinks.push_back(m_file);
    }
    SinkNotices problems;
    if (m_options.console) {
        try {
            m_console = std::make_shared<ConsoleSink>(STDERR_FILENO);
            m_console->set_pattern(linePattern);
            m_sinks.push_back(m_console);
        } catch (const std::exception &error) { // no thread for it
            problems.push_back(
                {LogLevel::Error, std::string("no log lines go to stderr: ") + error.what()});
        }
    }

    if (becomeCurrent())
        takeOverGlobals();
    else
        problems.push_back({LogLevel::Warning, "another log pipeline is current: this one takes "
                                               "no services' lines, no Qt messages and is not "
                                               "spdlog's default logger"});
    if (m_file || m_console) {
        try {
            m_flusher = std::make_unique<LogFlusher>(std::chrono::seconds(1), [this] { tick(); });
        } catch (const std::exception &error) {
            problems.push_back(
                {LogLevel::Error,
                 std::string("the log file is not flushed every second: ") + error.what()});
        }
    }
    for (const SinkNotice &problem : problems)
        logger(QStringLiteral("app"))->log(toSpdlogLevel(problem.level), "{}", problem.text);
    reportNotices(false); // e.g. the file cannot be written: said at once
}

LogPipeline::~LogPipeline()
{
    m_flusher.reset();
    reportNotices(true);
    if (m_console)
        m_console->seal(); // what is queued reaches stderr, if it is read
    flush();
    if (!m_isCurrent)
        return;
    restoreGlobals();
    stopBeingCurrent();
}

bool LogPipeline::becomeCurrent()
{
    std::lock_guard lock(currentMutex());
    if (s_current.load())
        return false;
    s_current = this;
    m_isCurrent = true;
    ++s_generation;
    return true;
}

void LogPipeline::stopBeingCurrent()
{
    std::lock_guard lock(currentMutex());
    s_current = nullptr;
    ++s_generation;
}

void LogPipeline::takeOverGlobals()
{
    m_previousDefault = spdlog::default_logger();
    spdlog::set_default_logger(logger(QStringLiteral("app")));
    if (m_options.routeQtMessages)
        s_previousQtHandler = qInstallMessageHandler(routeQtMessage);
    s_previousTerminate = std::set_terminate(flushThenTerminate);
}

void LogPipeline::restoreGlobals()
{
    // A handler installed over ours stays: it is its installer's to undo.
    const std::terminate_handler terminate = std::set_terminate(s_previousTerminate);
    if (terminate != flushThenTerminate)
        std::set_terminate(terminate);
    if (m_options.routeQtMessages) {
        const QtMessageHandler installed = qInstallMessageHandler(s_previousQtHandler);
        if (installed != routeQtMessage)
            qInstallMessageHandler(installed);
    }
    spdlog::set_default_logger(m_previousDefault);
}

LogPipeline *LogPipeline::current()
{
    return s_current.load();
}

std::uint64_t LogPipeline::generation()
{
    return s_generation.load(std::memory_order_acquire);
}

std::shared_ptr<spdlog::logger> LogPipeline::loggerFor(const QString &name)
{
    std::lock_guard lock(currentMutex());
    if (LogPipeline *pipeline = s_current.load())
        return pipeline->logger(name);
    std::shared_ptr<spdlog::logger> logger = spdlog::default_logger()->clone(name.toStdString());
    logger->set_level(spdlog::default_logger()->level());
    return logger;
}

void LogPipeline::flushCurrent()
{
    if (LogPipeline *pipeline = s_current.load())
        pipeline->flush();
}

void LogPipeline::sealCurrentForExit()
{
    if (LogPipeline *pipeline = s_current.load())
        pipeline->sealForExit();
}

void LogPipeline::reopenCurrentFiles()
{
    if (LogPipeline *pipeline = s_current.load())
        pipeline->reopenFiles();
}

std::shared_ptr<spdlog::logger> LogPipeline::logger(const QString &name)
{
    std::lock_guard lock(m_mutex);
    auto found = m_loggers.find(name);
    if (found != m_loggers.end())
        return found->second;
    auto logger =
        std::make_shared<spdlog::logger>(name.toStdString(), m_sinks.begin(), m_sinks.end());
    logger->flush_on(spdlog::level::warn);
    apply(*logger, name);
    m_loggers.emplace(name, logger);
    return logger;
}

LogLevel LogPipeline::level() const
{
    std::lock_guard lock(m_mutex);
    return m_level;
}

void LogPipeline::setLevel(LogLevel level)
{
    std::lock_guard lock(m_mutex);
    m_level = level;
    for (auto &[name, logger] : m_loggers)
        apply(*logger, name);
}

void LogPipeline::setServiceLevel(const QString &name, std::optional<LogLevel> level)
{
    std::lock_guard lock(m_mutex);
    if (level)
        m_overrides.insert(name, *level);
    else
        m_overrides.remove(name);
    if (auto found = m_loggers.find(name); found != m_loggers.end())
        apply(*found->second, name);
}

std::optional<LogLevel> LogPipeline::serviceLevel(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    if (auto found = m_overrides.constFind(name); found != m_overrides.cend())
        return *found;
    return std::nullopt;
}

void LogPipeline::apply(spdlog::logger &logger, const QString &name) const
{
    logger.set_level(toSpdlogLevel(m_overrides.value(name, m_level)));
}

void LogPipeline::flush()
{
    for (const auto &sink : m_sinks)
        sink->flush();
    if (m_console) // what is queued reaches stderr, unless nobody reads it
        m_console->drain(std::chrono::seconds(1));
}

void LogPipeline::sealForExit()
{
    if (m_console)
        m_console->seal(std::chrono::seconds(1));
    if (m_file)
        m_file->flushForExit(std::chrono::seconds(1));
}

void LogPipeline::reopenFiles()
{
    if (!m_file)
        return;
    m_file->reopen();
    reportNotices(false);
}

void LogPipeline::tick()
{
    if (m_file)
        m_file->maintain();
    reportNotices(false);
}

void LogPipeline::reportNotices(bool final)
{
    SinkNotices notices;
    if (m_file)
        notices = m_file->notices();
    if (m_console) {
        for (SinkNotice &notice : m_console->notices(final))
            notices.push_back(std::move(notice));
    }
    if (notices.empty())
        return;
    const std::shared_ptr<spdlog::logger> app = logger(QStringLiteral("app"));
    for (const SinkNotice &notice : notices)
        app->log(toSpdlogLevel(notice.level), "{}", notice.text);
}

} // namespace workhost
