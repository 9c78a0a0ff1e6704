#pragma once

#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace spdlog {
class logger;
}

namespace workhost {

// The logger named `name` in whichever LogPipeline is current when a line is
// logged, not when this object was made: a Service made before the pipeline
// exists logs to it once it does (and stops logging to it once it is gone).
// With no current pipeline: a logger on spdlog's default logger's sinks, as
// LogPipeline::loggerFor() gives.
//
//     PipelineLogger log(QStringLiteral("mailer"));
//     log.get().info("sent {} mails", count);
//
// Owner: whoever logs under the name (a Service holds one). Thread-safe:
// get() from any thread costs two atomic loads while the current pipeline
// stays the same, and asks LogPipeline again (under a lock) when it changed.
// Every logger it handed out is kept as long as this object lives, so a
// reference from get() never dangles: one per pipeline change it logged
// across (normally two: before and with the pipeline).
class PipelineLogger
{
public:
    explicit PipelineLogger(QString name);
    ~PipelineLogger();
    PipelineLogger(const PipelineLogger &) = delete;
    PipelineLogger &operator=(const PipelineLogger &) = delete;

    QString name() const { return m_name; }
    spdlog::logger &get() const;
    std::shared_ptr<spdlog::logger> shared() const;

private:
    spdlog::logger &refresh() const;

    const QString m_name;
    mutable std::mutex m_mutex;                                     // guards m_loggers
    mutable std::vector<std::shared_ptr<spdlog::logger>> m_loggers; // the last is current
    mutable std::atomic<spdlog::logger *> m_current = nullptr;
    mutable std::atomic<std::uint64_t> m_generation = 0; // LogPipeline's, when resolved
};

} // namespace workhost
