#include "core/logging/consolesink.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#include <unistd.h>

namespace workhost {

namespace {

// As most tools decide: a terminal, and one that is not declared "dumb".
bool wantsColour(int fd)
{
    if (!::isatty(fd))
        return false;
    const char *term = std::getenv("TERM");
    return term && *term && std::strcmp(term, "dumb") != 0;
}

// The ANSI colours of spdlog's own console sink, so that the lines look the same.
std::string_view colourOf(spdlog::level::level_enum level)
{
    switch (level) {
    case spdlog::level::trace:
        return "\033[37m";
    case spdlog::level::debug:
        return "\033[36m";
    case spdlog::level::info:
        return "\033[32m";
    case spdlog::level::warn:
        return "\033[33m\033[1m";
    case spdlog::level::err:
        return "\033[31m\033[1m";
    case spdlog::level::critical:
        return "\033[1m\033[41m";
    case spdlog::level::off:
    case spdlog::level::n_levels:
        break;
    }
    return {};
}

constexpr std::string_view resetColour = "\033[m";

} // namespace

ConsoleSink::ConsoleSink(int fd, size_t capacityBytes)
    : m_colour(wantsColour(fd))
    , m_writer(fd, capacityBytes)
{}

void ConsoleSink::sink_it_(const spdlog::details::log_msg &message)
{
    if (m_writer.isClosed())
        return; // stderr is gone: not even the formatting
    try {
        m_line.clear();
        formatter_->format(message, m_line);
        const std::string_view line(m_line.data(), m_line.size());
        if (!m_colour || message.color_range_end <= message.color_range_start) {
            m_writer.write(line);
            return;
        }
        std::string coloured;
        coloured.reserve(line.size() + 16);
        coloured.append(line.substr(0, message.color_range_start));
        coloured.append(colourOf(message.level));
        coloured.append(line.substr(message.color_range_start,
                                    message.color_range_end - message.color_range_start));
        coloured.append(resetColour);
        coloured.append(line.substr(message.color_range_end));
        m_writer.write(coloured);
    } catch (...) {
        // Out of memory while formatting: this line is not written to stderr.
    }
}

} // namespace workhost
