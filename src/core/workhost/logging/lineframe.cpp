#include <workhost/logging/lineframe.h>

namespace workhost {

namespace {

// Two payloads no pattern flag turns into each other, of different lengths.
constexpr std::string_view shortProbe = "\x01";
constexpr std::string_view longProbe = "\x02\x02";

std::string_view viewOf(const spdlog::memory_buf_t &buffer)
{
    return {buffer.data(), buffer.size()};
}

} // namespace

std::optional<LineFrame> LineFrame::of(spdlog::formatter &formatter,
                                       const spdlog::details::log_msg &header)
{
    spdlog::details::log_msg probe = header;
    probe.payload = spdlog::string_view_t(shortProbe.data(), shortProbe.size());
    spdlog::memory_buf_t shortOut;
    formatter.format(probe, shortOut);
    const size_t colourStart = probe.color_range_start;
    const size_t colourEnd = probe.color_range_end;
    probe.payload = spdlog::string_view_t(longProbe.data(), longProbe.size());
    probe.color_range_start = probe.color_range_end = 0;
    spdlog::memory_buf_t longOut;
    formatter.format(probe, longOut);

    const std::string_view one = viewOf(shortOut);
    const std::string_view two = viewOf(longOut);
    if (two.size() != one.size() + longProbe.size() - shortProbe.size())
        return std::nullopt;
    size_t start = 0;
    while (start < one.size() && one[start] == two[start])
        ++start;
    if (one.substr(start, shortProbe.size()) != shortProbe ||
        two.substr(start, longProbe.size()) != longProbe ||
        one.substr(start + shortProbe.size()) != two.substr(start + longProbe.size()))
        return std::nullopt;

    LineFrame frame;
    frame.prefix.assign(one.substr(0, start));
    frame.suffix.assign(one.substr(start + shortProbe.size()));
    // The colour range in prefix + suffix: the payload's byte taken out.
    const size_t payloadEnd = start + shortProbe.size();
    const auto framePosition = [&](size_t at) {
        return at >= payloadEnd ? at - shortProbe.size() : at;
    };
    if (colourEnd > colourStart) {
        frame.m_colourAcrossPayload = colourStart < payloadEnd && colourEnd > start;
        frame.m_colourStart = framePosition(colourStart);
        frame.m_colourEnd = framePosition(colourEnd);
    }
    return frame;
}

bool LineFrame::colour(std::string_view on, std::string_view off)
{
    if (m_colourAcrossPayload)
        return false;
    if (m_colourEnd <= m_colourStart)
        return true; // nothing coloured
    std::string whole = prefix + suffix;
    whole.insert(m_colourEnd, off);
    whole.insert(m_colourStart, on);
    const size_t prefixSize = prefix.size() + (m_colourStart < prefix.size() ? on.size() : 0) +
                              (m_colourEnd <= prefix.size() ? off.size() : 0);
    prefix = whole.substr(0, prefixSize);
    suffix = whole.substr(prefixSize);
    m_colourStart = m_colourEnd = 0;
    return true;
}

} // namespace workhost
