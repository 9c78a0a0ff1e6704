#pragma once

// A child process for tests of the abandoned-thread exit: a worker logs one
// line, then hangs for good; the host gives up on it at a 200 ms deadline and
// the process leaves through finishProcess(). Logs go to
// <directory>/workhost.log through a LogPipeline.
// Run it as: <test executable> --abandon-child <directory>

#include "support/childhostrun.h"
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/processexit.h>

#include <QCoreApplication>

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace workhost::test {

inline bool isAbandoningChild(int argc, char *argv[])
{
    return argc > 2 && qstrcmp(argv[1], "--abandon-child") == 0;
}

inline int runAbandoningChild(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    LogOptions logOptions;
    logOptions.fileDirectory = QString::fromLocal8Bit(argv[2]);
    LogPipeline logging(logOptions);

    class Hanging : public BackgroundWorker
    {
    public:
        Hanging()
            : BackgroundWorker("hanging")
        {}
        void execute(StopToken) override
        {
            log().info("last words before hanging");
            std::mutex mutex;
            std::condition_variable never;
            std::unique_lock lock(mutex);
            never.wait(lock, [] { return false; });
        }
    };

    HostOptions options;
    options.shutdownTimeout = std::chrono::milliseconds(200);
    auto host = std::make_unique<Host>(options);
    host->addService(std::make_unique<Hanging>());
    return finishProcess(runHostAndStopAfter(app, std::move(host), 50));
}

} // namespace workhost::test
