#pragma once

#include <workhost/logging/loglevel.h>

#include <string>
#include <vector>

namespace workhost {

// What a sink has to say about itself: it failed, it works again, it dropped
// lines. A sink never logs while it holds its own lock (that would recurse
// into itself or deadlock); it keeps the notice, and the LogPipeline takes it
// later and logs it through its "app" logger, outside every sink's lock.
struct SinkNotice
{
    LogLevel level = LogLevel::Warning;
    std::string text;
};
using SinkNotices = std::vector<SinkNotice>;

} // namespace workhost
