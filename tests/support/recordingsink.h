#pragma once

// An spdlog sink for tests: keeps the lines, so a test can assert what was logged.

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <QStringList>

#include <mutex>

namespace workhost::test {

class RecordingSink : public spdlog::sinks::base_sink<std::mutex>
{
public:
    QStringList lines() const
    {
        std::lock_guard lock(const_cast<std::mutex &>(mutex_));
        return m_lines;
    }
    qsizetype count() const { return lines().size(); }
    bool contains(const QString &text) const
    {
        const QStringList all = lines();
        return std::any_of(all.cbegin(), all.cend(),
                           [&](const QString &line) { return line.contains(text); });
    }

    // Makes this sink the default logger's only sink, so every service logs here.
    static std::shared_ptr<RecordingSink> installAsDefault()
    {
        auto sink = std::make_shared<RecordingSink>();
        auto logger = std::make_shared<spdlog::logger>("test", sink);
        logger->set_level(spdlog::level::debug);
        spdlog::set_default_logger(logger);
        return sink;
    }

protected:
    void sink_it_(const spdlog::details::log_msg &message) override
    {
        m_lines << QStringLiteral("[%1] %2").arg(
            QString::fromUtf8(message.logger_name.data(),
                              static_cast<qsizetype>(message.logger_name.size())),
            QString::fromUtf8(message.payload.data(),
                              static_cast<qsizetype>(message.payload.size())));
    }
    void flush_() override {}

private:
    QStringList m_lines;
};

} // namespace workhost::test
