// bench_ui: is the window still smooth with many busy workers, and quiet when
// they are idle?
//
// For N = 32 and 256 workers, the real MainWindow (offscreen) over a host
// whose workers log constantly and change state constantly (each run ends
// after a few hundred ms and starts again): a 5 ms probe timer on the window's
// thread measures event-loop lateness (p50, p99, max). Then the same number of
// idle workers (blocked in a wait): the CPU time of the whole process over a
// few seconds, as a share of one core. Nothing should poll.
// Prints a table, or one JSON object per line with --json.

#include "gui/latencyprobe.h"
#include "gui/mainwindow.h"
#include "workers/standardworkers.h"
#include <workhost/config/configurationdocument.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/session/inprocesshostsession.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <cstdio>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

// Logs every 10 ms and completes after 200 to 500 ms: with restartOnCompletion
// it goes Running -> BackingOff -> Starting -> Running all the time.
class ChurningWorker : public BackgroundWorker
{
public:
    using BackgroundWorker::BackgroundWorker;

protected:
    void execute(StopToken token) override
    {
        const int lifeMs = 200 + QRandomGenerator::global()->bounded(300);
        for (int elapsed = 0; elapsed < lifeMs && token.sleepFor(10ms); elapsed += 10) {
            log().info("working on item {} of this run", elapsed / 10);
            addItemsDone();
            setProgress(elapsed * 100 / lifeMs);
        }
    }
};

class IdleWorker : public BackgroundWorker
{
public:
    using BackgroundWorker::BackgroundWorker;

protected:
    void execute(StopToken token) override { token.sleepFor(1h); }
};

double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void runEventLoopFor(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

template <typename Worker>
std::unique_ptr<Host> makeHost(int workers, Configuration &config)
{
    HostOptions options;
    options.startConcurrently = true;
    options.stopConcurrently = true;
    auto host = std::make_unique<Host>(options);
    ServiceOptions serviceOptions;
    serviceOptions.restartOnCompletion = true;
    serviceOptions.restart.initialBackoff = 50ms;
    serviceOptions.restart.backoffFactor = 1;
    serviceOptions.restart.maxRestarts = 1000000;
    for (int i = 0; i < workers; ++i) {
        const QString name = QStringLiteral("worker-%1").arg(i, 3, 10, QLatin1Char('0'));
        host->addService(std::make_unique<Worker>(name), serviceOptions);
        config.workers.append(WorkerConfig{name, "bench", true, {}, serviceOptions});
    }
    return host;
}

void stopHost(Host &host)
{
    QEventLoop loop;
    QObject::connect(&host, &Host::stateChanged, &loop, [&](HostState state) {
        if (state == HostState::Stopped)
            loop.quit();
    });
    host.stop();
    if (host.state() != HostState::Stopped)
        loop.exec();
}

struct Result
{
    double p50 = 0, p99 = 0, max = 0, idleCpu = 0;
};

Result measure(int workers, std::chrono::milliseconds busyFor, std::chrono::milliseconds idleFor,
               const WorkerRegistry &registry)
{
    Result result;
    {
        LogPipeline logging;
        Configuration config;
        std::unique_ptr<Host> host = makeHost<ChurningWorker>(workers, config);
        ConfigurationDocument document(config, QString()); // never saved here
        InProcessHostSession session(
            {.host = *host, .registry = &registry, .document = &document, .logging = &logging});
        MainWindow window(session);
        window.show();
        host->start();
        runEventLoopFor(1s); // warm up
        LatencyProbe probe(5ms);
        probe.start();
        runEventLoopFor(busyFor);
        probe.stop();
        result.p50 = probe.percentile(50);
        result.p99 = probe.percentile(99);
        result.max = probe.worst();
        stopHost(*host);
    }
    {
        LogPipeline logging;
        Configuration config;
        std::unique_ptr<Host> host = makeHost<IdleWorker>(workers, config);
        ConfigurationDocument document(config, QString()); // never saved here
        InProcessHostSession session(
            {.host = *host, .registry = &registry, .document = &document, .logging = &logging});
        MainWindow window(session);
        window.show();
        host->start();
        runEventLoopFor(2s); // let the table's sampler see everything settle
        const double before = processCpuSeconds();
        QElapsedTimer wall;
        wall.start();
        runEventLoopFor(idleFor);
        result.idleCpu =
            (processCpuSeconds() - before) / (double(wall.nsecsElapsed()) / 1e9) * 100.0;
        stopHost(*host);
    }
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName("WorkhostBench");
    const QStringList args = app.arguments();
    const bool json = args.contains("--json");
    const bool quick = args.contains("--quick");
    const auto busyFor = quick ? 2s : 5s;
    const auto idleFor = quick ? 3s : 10s;

    WorkerRegistry registry;
    registerStandardWorkers(registry);
    if (!json)
        std::printf("%8s %9s %9s %9s %14s   (busy %llds, idle %llds)\n", "workers", "p50_ms",
                    "p99_ms", "max_ms", "idle_cpu_pct", static_cast<long long>(busyFor.count()),
                    static_cast<long long>(idleFor.count()));
    for (const int workers : {32, 256}) {
        const Result r = measure(workers, busyFor, idleFor, registry);
        if (json)
            std::printf("{\"workers\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f, "
                        "\"idle_cpu_pct\": %.3f}\n",
                        workers, r.p50, r.p99, r.max, r.idleCpu);
        else
            std::printf("%8d %9.3f %9.3f %9.3f %14.3f\n", workers, r.p50, r.p99, r.max, r.idleCpu);
        std::fflush(stdout);
    }
    return 0;
}
