// bench_host: how fast N workers, each blocked in a 60 s wait, start and stop.
//
// Side by side in one run, for N = 1, 16, 256:
//   workhost  the Host, workers in StopToken::sleepFor(60 s) (start/stop concurrently)
//   naive     the same Host, workers polling a flag with QThread::msleep(100)
//   floor     N raw std::threads on a condition variable: created, then notified and joined
// Prints medians over --reps runs as a table, or one JSON object per line with --json.

#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <thread>
#include <vector>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

struct Timing
{
    double startMs = 0;
    double stopMs = 0;
};

class SleepingWorker : public BackgroundWorker
{
public:
    using BackgroundWorker::BackgroundWorker;

protected:
    void execute(StopToken token) override { token.sleepFor(60s); }
};

class PollingWorker : public BackgroundWorker
{
public:
    using BackgroundWorker::BackgroundWorker;

protected:
    void execute(StopToken token) override
    {
        while (!token.stopRequested())
            QThread::msleep(100);
    }
};

double msSince(const QElapsedTimer &clock)
{
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

void runUntil(Host &host, HostState state)
{
    QEventLoop loop;
    QObject::connect(&host, &Host::stateChanged, &loop, [&](HostState now) {
        if (now == state)
            loop.quit();
    });
    if (host.state() != state)
        loop.exec();
}

template <typename Worker>
Timing timeHost(int workers)
{
    HostOptions options;
    options.startConcurrently = true;
    options.stopConcurrently = true;
    Host host(options);
    for (int i = 0; i < workers; ++i)
        host.addService(std::make_unique<Worker>(QStringLiteral("w%1").arg(i)));

    Timing timing;
    QElapsedTimer clock;
    clock.start();
    host.start();
    runUntil(host, HostState::Running);
    timing.startMs = msSince(clock);

    clock.restart();
    host.stop();
    runUntil(host, HostState::Stopped);
    timing.stopMs = msSince(clock);
    return timing;
}

Timing timeFloor(int workers)
{
    std::mutex mutex;
    std::condition_variable condition;
    bool stop = false;
    int waiting = 0;
    std::condition_variable allWaiting;

    Timing timing;
    QElapsedTimer clock;
    clock.start();
    std::vector<std::thread> threads;
    threads.reserve(workers);
    for (int i = 0; i < workers; ++i) {
        threads.emplace_back([&] {
            std::unique_lock lock(mutex);
            ++waiting;
            allWaiting.notify_one();
            condition.wait_for(lock, 60s, [&] { return stop; });
        });
    }
    {
        std::unique_lock lock(mutex);
        allWaiting.wait(lock, [&] { return waiting == workers; });
    }
    timing.startMs = msSince(clock);

    clock.restart();
    {
        std::lock_guard lock(mutex);
        stop = true;
    }
    condition.notify_all();
    for (std::thread &thread : threads)
        thread.join();
    timing.stopMs = msSince(clock);
    return timing;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool json = args.contains("--json");
    int reps = 7;
    if (const qsizetype at = args.indexOf("--reps"); at > 0 && at + 1 < args.size())
        reps = std::max(1, args.at(at + 1).toInt());

    // The host logs every start and stop; measure the host, not a terminal.
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>()));

    if (!json)
        std::printf("%-9s %8s %12s %12s   (medians of %d runs)\n", "design", "workers", "start_ms",
                    "stop_ms", reps);
    for (const int workers : {1, 16, 256}) {
        for (const char *design : {"workhost", "naive", "floor"}) {
            std::vector<double> starts, stops;
            for (int rep = 0; rep < reps; ++rep) {
                const QString name = QString::fromLatin1(design);
                const Timing timing = name == "workhost" ? timeHost<SleepingWorker>(workers)
                                      : name == "naive"  ? timeHost<PollingWorker>(workers)
                                                         : timeFloor(workers);
                starts.push_back(timing.startMs);
                stops.push_back(timing.stopMs);
            }
            if (json)
                std::printf("{\"design\": \"%s\", \"workers\": %d, \"start_ms\": %.3f, "
                            "\"stop_ms\": %.3f}\n",
                            design, workers, median(starts), median(stops));
            else
                std::printf("%-9s %8d %12.3f %12.3f\n", design, workers, median(starts),
                            median(stops));
            std::fflush(stdout);
        }
    }
    return 0;
}
