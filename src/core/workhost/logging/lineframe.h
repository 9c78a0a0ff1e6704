#pragma once

#include <spdlog/formatter.h>

#include <optional>
#include <string>
#include <string_view>

namespace workhost {

// What a sink's formatter puts around a message, for one header (time,
// level, logger, thread): prefix + payload + suffix is exactly what it
// formats for that header with that payload. A LineBatchSink makes it once
// per batch and writes each line between the two.
//
// Found by formatting the header twice, with two payloads of different
// lengths: what the two share at the start is the prefix, at the end the
// suffix. A pattern that does not write its payload exactly once, as is
// (padded, twice, or not at all), has no frame: the sink formats line by
// line then. A value; any thread.
struct LineFrame
{
    std::string prefix;
    std::string suffix; // spdlog's end of line included

    // Null when the formatter's output is not prefix + payload + suffix.
    static std::optional<LineFrame> of(spdlog::formatter &formatter,
                                       const spdlog::details::log_msg &header);

    // Puts `on` and `off` around the part the pattern colours (%^ to %$), as
    // spdlog's colour sinks do. False when that part takes in the payload.
    bool colour(std::string_view on, std::string_view off);

private:
    // Where %^..%$ fell, with the payload taken out: positions in prefix + suffix.
    size_t m_colourStart = 0;
    size_t m_colourEnd = 0;
    bool m_colourAcrossPayload = false;
};

} // namespace workhost
