#pragma once

#include <spdlog/sinks/sink.h> // the sink interface: details::log_msg, spdlog::formatter

namespace workhost {

class LineBatch;

// A sink that takes a LineBatch in one call (logLines() looks for it beside
// spdlog's own sink interface): one lock and one formatting of the frame per
// batch instead of per line. Each line must come out exactly as the sink's
// log() would write `header` with the line as its payload; the sink's level
// is checked by logLines(). Called on the logging thread, like log().
class LineBatchSink
{
public:
    virtual void logBatch(const spdlog::details::log_msg &header, const LineBatch &batch) = 0;

protected:
    LineBatchSink() = default;
    ~LineBatchSink() = default;
    LineBatchSink(const LineBatchSink &) = default;
    LineBatchSink &operator=(const LineBatchSink &) = default;
};

} // namespace workhost
