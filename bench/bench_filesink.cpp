// bench_filesink: what the rotating log file costs a worker, per line.
//
// W writer threads (1, 4, 16) log --lines lines in all (~110 bytes each in the
// file), split between them, as fast as they can through one of:
//   pipeline-nofile  Workhost's LogPipeline with the live sink only (a consumer
//                    thread takes batches, as the window does)
//   pipeline-file    the same plus the synchronous rotating file sink
//                    (Workhost's choice: the line is in the file's buffer when
//                    the call returns)
//   async-block      spdlog's async_logger over the same rotating file sink,
//                    queue of 8192, blocking when full (loses nothing, but a
//                    crash loses what is queued)
// The file sink's own cost per line is pipeline-file minus pipeline-nofile.
// Each call is timed: mean ns per call (at each writer), p99 and max (the
// longest a worker was stalled by logging), total lines/s; then every line is
// counted in the files (10 MB x 5 rotation, as the defaults).
//
// Options: --json, --lines N in all (400000: ~45 MB, so that the default
// rotation, 10 MB x (1 + 5 kept), keeps every line), --reps N (3, medians).

#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logpipeline.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace workhost;

namespace {

using Clock = std::chrono::steady_clock;

struct Result
{
    double meanNs = 0;
    double p99Ns = 0;
    double maxUs = 0;
    double linesPerSecond = 0;
    qint64 inFile = 0;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

qint64 countLines(const QString &directory)
{
    qint64 lines = 0;
    const QFileInfoList files = QDir(directory).entryInfoList(QDir::Files);
    for (const QFileInfo &info : files) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        while (!file.atEnd()) {
            const QByteArray chunk = file.read(1 << 20);
            lines += chunk.count('\n');
        }
    }
    return lines;
}

// Every writer logs `lines` lines and times each call.
Result floodAndTime(spdlog::logger &logger, int writers, int lines)
{
    std::vector<std::vector<float>> callNs(static_cast<size_t>(writers));
    std::atomic<int> ready = 0;
    std::atomic<bool> go = false;
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            std::vector<float> &times = callNs[size_t(w)];
            times.reserve(size_t(lines));
            ++ready;
            while (!go.load())
                std::this_thread::yield();
            for (int i = 0; i < lines; ++i) {
                const auto before = Clock::now();
                logger.info("writer {} line {:>8} the quick brown fox jumps over the lazy dog", w,
                            i);
                times.push_back(
                    float(std::chrono::duration<double, std::nano>(Clock::now() - before).count()));
            }
        });
    }
    while (ready.load() < writers)
        std::this_thread::yield();
    const auto start = Clock::now();
    go = true;
    for (std::thread &thread : threads)
        thread.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    logger.flush();

    std::vector<float> all;
    for (const auto &times : callNs)
        all.insert(all.end(), times.begin(), times.end());
    std::sort(all.begin(), all.end());
    double sum = 0;
    for (const float ns : all)
        sum += ns;
    Result result;
    result.meanNs = sum / double(all.size());
    result.p99Ns = all[size_t(double(all.size() - 1) * 0.99)];
    result.maxUs = all.back() / 1000.0;
    result.linesPerSecond = double(all.size()) / seconds;
    return result;
}

Result runPipeline(bool withFile, int writers, int lines)
{
    QTemporaryDir directory;
    LogOptions options;
    if (withFile)
        options.fileDirectory = directory.path();
    Result result;
    {
        LogPipeline pipeline(options);
        // A consumer takes batches as the window does, so that the live sink
        // is measured storing lines, not only dropping them.
        std::atomic<bool> done = false;
        std::thread consumer([&] {
            quint64 lastSeen = 0;
            while (!done.load()) {
                const LiveLogSink::Batch batch = pipeline.liveSink()->readAfter(lastSeen);
                lastSeen += batch.missed + batch.records.size();
                std::this_thread::sleep_for(std::chrono::milliseconds(25));
            }
        });
        result = floodAndTime(*pipeline.logger(QStringLiteral("bench")), writers, lines);
        done = true;
        consumer.join();
    }
    result.inFile = withFile ? countLines(directory.path()) : 0;
    return result;
}

Result runAsync(int writers, int lines)
{
    QTemporaryDir directory;
    Result result;
    {
        auto pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
        auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            QDir(directory.path()).filePath("workhost.log").toStdString(), 10 * 1024 * 1024, 5);
        file->set_pattern("%Y-%m-%d %H:%M:%S.%e [%^%l%$] [%n] [%t] %v");
        auto logger = std::make_shared<spdlog::async_logger>("bench", file, pool,
                                                             spdlog::async_overflow_policy::block);
        result = floodAndTime(*logger, writers, lines);
    } // the pool's destructor drains the queue
    result.inFile = countLines(directory.path());
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool json = args.contains("--json");
    int reps = 3;
    int lines = 400000;
    if (const qsizetype at = args.indexOf("--reps"); at > 0 && at + 1 < args.size())
        reps = std::max(1, args.at(at + 1).toInt());
    if (const qsizetype at = args.indexOf("--lines"); at > 0 && at + 1 < args.size())
        lines = std::max(100, args.at(at + 1).toInt());

    if (!json)
        std::printf("%-16s %7s %10s %10s %10s %12s %10s   (medians of %d runs, %d lines in "
                    "all)\n",
                    "design", "writers", "mean_ns", "p99_ns", "max_us", "lines_per_s", "in_file",
                    reps, lines);
    for (const int writers : {1, 4, 16}) {
        for (const char *design : {"pipeline-nofile", "pipeline-file", "async-block"}) {
            std::vector<double> mean, p99, max, rate, inFile;
            for (int rep = 0; rep < reps; ++rep) {
                const QString name = QString::fromLatin1(design);
                const int perWriter = lines / writers;
                const Result r = name == "async-block"
                                     ? runAsync(writers, perWriter)
                                     : runPipeline(name == "pipeline-file", writers, perWriter);
                mean.push_back(r.meanNs);
                p99.push_back(r.p99Ns);
                max.push_back(r.maxUs);
                rate.push_back(r.linesPerSecond);
                inFile.push_back(double(r.inFile));
            }
            if (json)
                std::printf("{\"design\": \"%s\", \"writers\": %d, \"mean_ns\": %.0f, "
                            "\"p99_ns\": %.0f, \"max_us\": %.0f, \"lines_per_s\": %.0f, "
                            "\"produced\": %lld, \"in_file\": %.0f}\n",
                            design, writers, median(mean), median(p99), median(max), median(rate),
                            qint64(writers) * (lines / writers), median(inFile));
            else
                std::printf("%-16s %7d %10.0f %10.0f %10.0f %12.0f %10.0f\n", design, writers,
                            median(mean), median(p99), median(max), median(rate), median(inFile));
            std::fflush(stdout);
        }
    }
    return 0;
}
