#include <workhost/logging/pipelinelogger.h>

#include <workhost/logging/logpipeline.h>

#include <spdlog/logger.h>

namespace workhost {

PipelineLogger::PipelineLogger(QString name)
    : m_name(std::move(name))
{
    // Resolved now, so that without a pipeline the logger is the default
    // logger's as it is at construction (as before this class existed).
    refresh();
}

PipelineLogger::~PipelineLogger() = default;

spdlog::logger &PipelineLogger::get() const
{
    if (m_generation.load(std::memory_order_acquire) == LogPipeline::generation())
        return *m_current.load(std::memory_order_acquire);
    return refresh();
}

std::shared_ptr<spdlog::logger> PipelineLogger::shared() const
{
    get(); // follows a change of pipeline first
    std::lock_guard lock(m_mutex);
    return m_loggers.back();
}

spdlog::logger &PipelineLogger::refresh() const
{
    std::lock_guard lock(m_mutex);
    // Read before asking: a change while asking leaves this generation stale,
    // so the next get() asks again.
    const std::uint64_t generation = LogPipeline::generation();
    if (m_generation.load(std::memory_order_relaxed) == generation)
        return *m_current.load(std::memory_order_relaxed);
    std::shared_ptr<spdlog::logger> resolved = LogPipeline::loggerFor(m_name);
    if (m_loggers.empty() || m_loggers.back() != resolved)
        m_loggers.push_back(std::move(resolved));
    m_current.store(m_loggers.back().get(), std::memory_order_release);
    m_generation.store(generation, std::memory_order_release);
    return *m_loggers.back();
}

} // namespace workhost
