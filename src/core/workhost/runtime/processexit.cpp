#include <workhost/runtime/processexit.h>

#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/platform/orphanguard.h>
#include <workhost/platform/processgroupregistry.h>
#include <workhost/platform/processtree.h>

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace workhost {

namespace {

int killEverythingBelow()
{
    ProcessGroupRegistry::forbidLaunches();
    const int groups = ProcessGroupRegistry::signalAll(SIGKILL);
    const int processes = ProcessTree::killAll(OrphanGuard::pid());
    return std::max(groups, processes);
}

} // namespace

void abandonProcess(ExitCode code)
{
    const int killed = killEverythingBelow();
    if (killed > 0)
        spdlog::default_logger()->critical("killed {} process(es) still running", killed);
    // From the value _Exit gets, so the log cannot say another status.
    spdlog::default_logger()->critical("exiting with status {}", static_cast<int>(code));
    LogPipeline::sealCurrentForExit();
    std::fflush(nullptr);
    std::_Exit(static_cast<int>(code));
}

int finishProcess(int code)
{
    const int abandoned = Host::abandonedThreadCount();
    if (abandoned == 0) {
        if (const int killed = killEverythingBelow(); killed > 0)
            spdlog::default_logger()->warn("killed {} process(es) left running at exit", killed);
        // From the value returned, so the log cannot say another status.
        spdlog::default_logger()->info("exiting with status {}", code);
        return code;
    }
    spdlog::default_logger()->critical("{} service thread(s) never returned; leaving without "
                                       "waiting for them (status {} instead of {})",
                                       abandoned, static_cast<int>(ExitCode::AbandonedThreads),
                                       code);
    abandonProcess(ExitCode::AbandonedThreads);
}

} // namespace workhost
