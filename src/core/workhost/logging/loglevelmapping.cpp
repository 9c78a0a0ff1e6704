#include <workhost/logging/loglevelmapping.h>

#include <array>
#include <utility>

namespace workhost {

namespace {

// One row per level, read in both directions.
constexpr std::array<std::pair<LogLevel, spdlog::level::level_enum>, 7> levels = {{
    {LogLevel::Trace, spdlog::level::trace},
    {LogLevel::Debug, spdlog::level::debug},
    {LogLevel::Info, spdlog::level::info},
    {LogLevel::Warning, spdlog::level::warn},
    {LogLevel::Error, spdlog::level::err},
    {LogLevel::Critical, spdlog::level::critical},
    {LogLevel::Off, spdlog::level::off},
}};

} // namespace

spdlog::level::level_enum toSpdlogLevel(LogLevel level)
{
    for (const auto &[ours, theirs] : levels) {
        if (ours == level)
            return theirs;
    }
    return spdlog::level::info;
}

LogLevel fromSpdlogLevel(spdlog::level::level_enum level)
{
    for (const auto &[ours, theirs] : levels) {
        if (theirs == level)
            return ours;
    }
    return LogLevel::Off; // n_levels
}

LogLevel fromQtMsgType(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return LogLevel::Debug;
    case QtInfoMsg:
        return LogLevel::Info;
    case QtWarningMsg:
        return LogLevel::Warning;
    case QtCriticalMsg:
        return LogLevel::Error;
    case QtFatalMsg:
        return LogLevel::Critical;
    }
    return LogLevel::Info;
}

} // namespace workhost
