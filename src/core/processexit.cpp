#include "core/processexit.h"

#include "core/host.h"
#include "core/logging/logpipeline.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>

namespace workhost {

int finishProcess(int code)
{
    const int abandoned = Host::abandonedThreadCount();
    if (abandoned == 0)
        return code;

    spdlog::default_logger()->critical(
        "{} service thread(s) never returned; leaving without waiting for them", abandoned);
    LogPipeline::flushCurrent();
    spdlog::default_logger()->flush();
    std::fflush(nullptr);
    std::_Exit(static_cast<int>(ExitCode::AbandonedThreads));
}

} // namespace workhost
