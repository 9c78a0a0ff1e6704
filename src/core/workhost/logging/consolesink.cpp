#include <workhost/logging/consolesink.h>

#include <workhost/logging/linebatch.h>
#include <workhost/logging/lineframe.h>

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

// A batch goes to the writer in pieces of about this size: few wake-ups of
// its thread, and a full queue drops a piece, not the whole batch.
constexpr size_t batchPiece = 64 * 1024;

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

void ConsoleSink::logBatch(const spdlog::details::log_msg &header, const LineBatch &batch)
{
    std::lock_guard lock(mutex_);
    if (m_writer.isClosed())
        return;
    try {
        std::optional<LineFrame> frame = LineFrame::of(*formatter_, header);
        if (frame && m_colour && !frame->colour(colourOf(header.level), resetColour))
            frame.reset();
        if (!frame) { // a pattern without a frame: line by line
            spdlog::details::log_msg message = header;
            for (size_t i = 0; i < batch.size(); ++i) {
                const std::string_view line = batch.line(i);
                message.payload = spdlog::string_view_t(line.data(), line.size());
                sink_it_(message);
            }
            return;
        }
        m_line.clear();
        quint64 lines = 0;
        for (size_t i = 0; i < batch.size(); ++i) {
            const std::string_view line = batch.line(i);
            m_line.append(frame->prefix.data(), frame->prefix.data() + frame->prefix.size());
            m_line.append(line.data(), line.data() + line.size());
            m_line.append(frame->suffix.data(), frame->suffix.data() + frame->suffix.size());
            ++lines;
            if (m_line.size() >= batchPiece || i + 1 == batch.size()) {
                m_writer.write(std::string_view(m_line.data(), m_line.size()), lines);
                m_line.clear();
                lines = 0;
            }
        }
    } catch (...) {
        // Out of memory while formatting: these lines are not written to stderr.
    }
}

} // namespace workhost
