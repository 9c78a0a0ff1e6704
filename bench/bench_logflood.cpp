// bench_logflood: W threads flood the log; how late is the window's event loop?
//
// W writer threads (1, 4, 16) log ~80-character lines at a fixed total rate
// (10k, 100k, 200k, 1M lines/s) or as fast as they can ("max"), for --seconds
// each, into a window shown on the offscreen platform. Side by side in one run:
//   workhost  LogPipeline (live sink + rotating file) -> LogFeed -> LogModel -> LogView
//   qt_sink   spdlog's qt_sink_mt -> one queued appendPlainText() per line ->
//             QPlainTextEdit (maximumBlockCount 100000, to compare memory fairly)
// A 5 ms probe timer (Qt::PreciseTimer) on the window's thread measures how late
// each tick is: its scheduled time is one interval after the previous tick, and
// ticks scheduled inside the writing window count (p50, p99, max).
// After the writers stop, each run gets --drain-seconds to deliver what is queued;
// the rest is discarded and not counted as delivered.
//
// Columns: produced (lines logged), delivered (lines that reached the model or
// the widget), dropped (workhost: dropped by the bounded live sink; qt_sink:
// discarded at the drain deadline), in_file (lines in the log files afterwards),
// rss_mb (peak VmRSS during the run). The sustainable rate of a sink is the
// highest asked rate whose p99 is at most 16 ms at every writer count ("max"
// counts as its achieved rate, produced / seconds, the lowest over the writer counts).
// A sink that meets none of the asked rates is tried at lower ones, 1-2-5 steps
// down to --min-rate (100), until one is met; the last line is workhost's
// sustainable rate divided by qt_sink's (or a lower bound, if qt_sink has none).
//
// Options: --json, --seconds S (3), --drain-seconds S (5), --reps N (1, medians),
// --quick (W = 4 at 10k, 200k and max, 1 s each), --sink NAME, --writers W,
// --rate R (0 = max) to run a subset, --min-rate R (100), --phases (per-run breakdown of the window
// thread's time, on stderr), --no-warm-up (for profilers: only the runs asked for),
// --cap N (the model's retention cap and the baseline's maximumBlockCount, 100000),
// --no-follow (the view does not follow the tail). Each run is a child process
// (--child SINK W RATE), so that no run inherits another's memory. Each run waits
// (up to 30 s) for the machine to be quiet, and is repeated once, keeping the
// quieter attempt, when other processes took more than 0.15 of a core meanwhile;
// the "noise" column (JSON "noise_cores") says how many they took (--ignore-noise:
// neither wait nor repeat, only report).

#include "gui/log/logview.h"
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logfeed.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/logmodel.h>

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <spdlog/sinks/qt_sinks.h>
#include <spdlog/spdlog.h>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;
using Loggers = std::vector<std::shared_ptr<spdlog::logger>>;

constexpr auto probeInterval = 5ms;
constexpr double frameBudgetMs = 16.0;
constexpr int windowWidth = 1000;
constexpr int windowHeight = 600;
constexpr std::string_view payload = "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b82";

struct Options
{
    bool json = false;
    bool phases = false;
    bool warmUp = true;
    int cap = 100000;   // --cap: LogModel retention cap and the baseline's maximumBlockCount
    bool follow = true; // --no-follow: the view does not follow the tail (diagnosis)
    bool quiet = true;  // --ignore-noise: do not wait for (or repeat after) other processes
    QStringList child;  // --child SINK W RATE: one run in this process; --child idle
    double seconds = 3;
    double drainSeconds = 5;
    int reps = 1;
    int minRate = 100; // --min-rate: the lowest a sink's sustainable rate is searched for
    std::vector<int> writers = {1, 4, 16};
    std::vector<int> rates = {10000, 100000, 200000, 1000000, 0};
    std::vector<QString> sinks = {QStringLiteral("workhost"), QStringLiteral("qt_sink")};
};

struct Result
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double produced = 0;
    double delivered = 0;
    double dropped = 0;
    double inFile = 0;
    double rssMb = 0;
    double noiseCores = 0; // CPU other processes used meanwhile (parent only)
};

double toMs(Clock::duration duration)
{
    return std::chrono::duration<double, std::milli>(duration).count();
}

// A field of /proc/self/status in MB: "VmRSS:" (now) or "VmHWM:" (peak).
double statusMb(const char *field = "VmRSS:")
{
    std::FILE *status = std::fopen("/proc/self/status", "r");
    if (!status)
        return 0;
    char line[256];
    double kb = 0;
    const size_t length = std::strlen(field);
    while (std::fgets(line, sizeof line, status)) {
        if (std::strncmp(line, field, length) == 0) {
            kb = std::atof(line + length);
            break;
        }
    }
    std::fclose(status);
    return kb / 1024.0;
}

// Resets VmHWM to the current RSS (Linux 4.0+), so that VmHWM is the run's peak.
bool s_peakReset = false;
void resetPeakRss()
{
    std::FILE *refs = std::fopen("/proc/self/clear_refs", "w");
    if (!refs)
        return;
    s_peakReset = std::fputs("5", refs) >= 0;
    s_peakReset = std::fclose(refs) == 0 && s_peakReset;
}

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// Lets the window be exposed and painted once before a run starts.
void settle(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

// --phases: where the window's thread spends its time, per outermost event type.
class BenchApplication : public QApplication
{
public:
    using QApplication::QApplication;

    struct Bucket
    {
        double totalMs = 0;
        double maxMs = 0;
        quint64 count = 0;
    };

    void setProfiling(bool on)
    {
        if (on && !m_profiling)
            m_buckets.clear();
        m_profiling = on;
    }
    const std::map<QString, Bucket> &buckets() const { return m_buckets; }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_profiling || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        const Clock::time_point start = Clock::now();
        const QEvent::Type type = event->type(); // the event may be gone afterwards
        const bool handled = QApplication::notify(receiver, event);
        const double ms = toMs(Clock::now() - start);
        --m_depth;
        QString name;
        switch (type) {
        case QEvent::MetaCall:
            name = QStringLiteral("MetaCall");
            break;
        case QEvent::Timer:
            name = QStringLiteral("Timer");
            break;
        case QEvent::UpdateRequest:
        case QEvent::Paint:
            name = QStringLiteral("Paint");
            break;
        case QEvent::LayoutRequest:
            name = QStringLiteral("Layout");
            break;
        default:
            name = QStringLiteral("Other");
            break;
        }
        Bucket &bucket = m_buckets[name];
        bucket.totalMs += ms;
        bucket.maxMs = std::max(bucket.maxMs, ms);
        ++bucket.count;
        return handled;
    }

private:
    bool m_profiling = false;
    int m_depth = 0;
    std::map<QString, Bucket> m_buckets;
};

BenchApplication *benchApp()
{
    return static_cast<BenchApplication *>(QCoreApplication::instance());
}

void printPhases(const char *sink, int writers, int rate, const QString &extra)
{
    QString line = QStringLiteral("phases %1 W=%2 rate=%3:").arg(sink).arg(writers).arg(rate);
    for (const auto &[name, bucket] : benchApp()->buckets())
        line += QStringLiteral(" %1 %2 ms (n=%3, max %4 ms);")
                    .arg(name)
                    .arg(bucket.totalMs, 0, 'f', 1)
                    .arg(bucket.count)
                    .arg(bucket.maxMs, 0, 'f', 2);
    line += extra;
    std::fprintf(stderr, "%s\n", qPrintable(line));
}

// One writer: `perSecond` lines a second (0: as fast as it can) from `start`
// until `end`, paced in bursts every millisecond against the steady clock.
quint64 writeLines(spdlog::logger &logger, int writer, double perSecond, Clock::time_point start,
                   Clock::time_point end)
{
    std::this_thread::sleep_until(start);
    quint64 written = 0;
    if (perSecond <= 0) {
        while (Clock::now() < end) {
            for (int burst = 0; burst < 64; ++burst, ++written)
                logger.info("writer {} line {} payload {}", writer, written, payload);
        }
        return written;
    }
    Clock::time_point next = start;
    for (Clock::time_point now = start; now < end; now = Clock::now()) {
        const auto due = static_cast<quint64>(
            perSecond * std::chrono::duration<double>(std::min(now, end) - start).count());
        // A writer that falls behind catches up in bursts, but still stops at `end`.
        for (int burst = 0; written < due && burst < 4096; ++burst, ++written)
            logger.info("writer {} line {} payload {}", writer, written, payload);
        if (written >= due) {
            next = std::max(next + 1ms, now);
            std::this_thread::sleep_until(next);
        }
    }
    return written;
}

struct Flood
{
    std::vector<double> lateMs; // probe lateness, ticks scheduled in the writing window
    quint64 written = 0;
    double peakRssMb = 0;
    double drainMs = 0; // from the end of the writing window until drained (or given up)
    bool drained = false;
};

// Runs the writers from `start` for options.seconds, while the window's event
// loop runs with the probe; then gives the sink until `deadline` to drain.
Flood flood(const Loggers &loggers, int rate, const Options &options, Clock::time_point start,
            Clock::time_point deadline, const std::function<bool(quint64 written)> &drained)
{
    const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(options.seconds));
    const int writers = static_cast<int>(loggers.size());
    const double perWriter = rate > 0 ? static_cast<double>(rate) / writers : 0;
    Flood result;

    std::atomic<bool> sampling = true;
    std::atomic<double> peakRss = statusMb();
    std::thread sampler([&] {
        while (sampling.load()) {
            peakRss = std::max(peakRss.load(), statusMb());
            std::this_thread::sleep_for(10ms);
        }
    });

    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(probeInterval);
    std::optional<Clock::time_point> lastTick;
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const Clock::time_point now = Clock::now();
        if (lastTick) {
            const Clock::time_point scheduled = *lastTick + probeInterval;
            if (scheduled >= start && scheduled < end)
                result.lateMs.push_back(std::max(0.0, toMs(now - scheduled)));
        }
        lastTick = now;
    });
    probe.start();

    std::atomic<int> finished = 0;
    std::atomic<quint64> written = 0;
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(writers));
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            written += writeLines(*loggers[static_cast<size_t>(w)], w, perWriter, start, end);
            ++finished;
        });
    }

    QEventLoop loop;
    QTimer control;
    std::optional<Clock::time_point> writersDone;
    QObject::connect(&control, &QTimer::timeout, [&] {
        const Clock::time_point now = Clock::now();
        if (!writersDone && finished.load() == writers)
            writersDone = now;
        if (writersDone && drained(written.load())) {
            result.drained = true;
            loop.quit();
        } else if (now >= deadline) {
            loop.quit();
        }
    });
    control.start(5);
    loop.exec();
    const Clock::time_point stopped = Clock::now();
    // A probe still stuck since a tick due in the window counts as late until now.
    if (lastTick && *lastTick + probeInterval >= start && *lastTick + probeInterval < end)
        result.lateMs.push_back(toMs(stopped - (*lastTick + probeInterval)));
    result.drainMs = toMs(stopped - end);
    control.stop();
    probe.stop();
    for (std::thread &thread : threads)
        thread.join();
    sampling = false;
    sampler.join();
    result.written = written.load();
    result.peakRssMb = peakRss.load();
    if (s_peakReset) // exact, where the sampler may miss a short peak
        result.peakRssMb = std::max(result.peakRssMb, statusMb("VmHWM:"));
    return result;
}

void fillLatency(Result &result, const Flood &flood)
{
    result.p50Ms = percentile(flood.lateMs, 0.50);
    result.p99Ms = percentile(flood.lateMs, 0.99);
    result.maxMs =
        flood.lateMs.empty() ? 0 : *std::max_element(flood.lateMs.begin(), flood.lateMs.end());
    result.rssMb = flood.peakRssMb;
}

quint64 countLines(const QString &directory)
{
    quint64 lines = 0;
    const QFileInfoList files = QDir(directory).entryInfoList(QDir::Files);
    for (const QFileInfo &info : files) {
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QByteArray chunk;
        while (!(chunk = file.read(1 << 20)).isEmpty())
            lines += static_cast<quint64>(chunk.count('\n'));
    }
    return lines;
}

Clock::time_point startAfter(std::chrono::milliseconds delay)
{
    return Clock::now() + delay;
}

Clock::time_point deadlineFor(Clock::time_point start, const Options &options)
{
    return start + std::chrono::duration_cast<Clock::duration>(
                       std::chrono::duration<double>(options.seconds + options.drainSeconds));
}

Result runWorkhost(int writers, int rate, const Options &options)
{
    Result result;
    QTemporaryDir directory;
    {
        LogOptions logOptions;
        logOptions.fileDirectory = directory.path();
        logOptions.maxFileSize = size_t{64} << 30; // never rotates within a run
        LogPipeline pipeline(logOptions);
        const std::shared_ptr<LiveLogSink> sink = pipeline.liveSink();

        LogModel model;
        model.setRetentionCap(options.cap);
        LogView view;
        view.setLogModel(&model);
        view.resize(windowWidth, windowHeight);
        view.setWindowTitle(QStringLiteral("bench_logflood: workhost"));
        LogFeed feed(sink);

        // --phases: the time the window's thread spends in each batch (the
        // model's append and what the view does synchronously in reply).
        Clock::time_point batchStart;
        double batchTotalMs = 0;
        double batchMaxMs = 0;
        size_t batchMaxSize = 0;
        quint64 batches = 0;
        QObject::connect(&feed, &LogFeed::batchReady, &model, [&] { batchStart = Clock::now(); });
        QObject::connect(&feed, &LogFeed::batchReady, &model, &LogModel::append);
        QObject::connect(&feed, &LogFeed::batchReady, &model, [&](const LogRecords &records) {
            const double ms = toMs(Clock::now() - batchStart);
            batchTotalMs += ms;
            batchMaxMs = std::max(batchMaxMs, ms);
            batchMaxSize = std::max(batchMaxSize, records.size());
            ++batches;
        });
        view.show();
        settle(100ms);
        view.setFollowTail(options.follow);

        Loggers loggers;
        for (int w = 0; w < writers; ++w)
            loggers.push_back(
                pipeline.logger(QStringLiteral("writer-%1").arg(w, 2, 10, QChar('0'))));

        benchApp()->setProfiling(options.phases);
        const Clock::time_point start = startAfter(50ms);
        const Flood run =
            flood(loggers, rate, options, start, deadlineFor(start, options),
                  [&](quint64) { return feed.delivered() + feed.dropped() >= sink->produced(); });
        benchApp()->setProfiling(false);
        fillLatency(result, run);
        result.produced = static_cast<double>(sink->produced());
        result.delivered = static_cast<double>(feed.delivered());
        result.dropped = static_cast<double>(feed.dropped());
        if (options.phases)
            printPhases("workhost", writers, rate,
                        QStringLiteral(" batchReady %1 ms (n=%2, max %3 ms, largest %4 lines);"
                                       " drain %5 ms%6; rows %7; follows tail %8")
                            .arg(batchTotalMs, 0, 'f', 1)
                            .arg(batches)
                            .arg(batchMaxMs, 0, 'f', 2)
                            .arg(batchMaxSize)
                            .arg(run.drainMs, 0, 'f', 0)
                            .arg(run.drained ? "" : " (gave up)")
                            .arg(model.rowCount())
                            .arg(view.followsTail() ? "yes" : "no"));
        loggers.clear();
    } // the pipeline is flushed and gone: the files are complete
    result.inFile = static_cast<double>(countLines(directory.path()));
    return result;
}

// The naive design's widget: counts the lines it appends (the qt_sink invokes
// "appendPlainText" by name, which finds this slot first). Past the deadline it
// stops appending and discards what is still queued.
class CountingPlainTextEdit : public QPlainTextEdit
{
    Q_OBJECT

public:
    using QPlainTextEdit::QPlainTextEdit;

    void setDeadline(Clock::time_point deadline) { m_deadline = deadline; }
    quint64 appended() const { return m_appended; }

public Q_SLOTS:
    void appendPlainText(const QString &text)
    {
        if (m_discarding)
            return;
        if (Clock::now() >= m_deadline) {
            m_discarding = true;
            QCoreApplication::removePostedEvents(this, QEvent::MetaCall);
            return;
        }
        QPlainTextEdit::appendPlainText(text);
        ++m_appended;
    }

private:
    Clock::time_point m_deadline = Clock::time_point::max();
    quint64 m_appended = 0;
    bool m_discarding = false;
};

Result runQtSink(int writers, int rate, const Options &options)
{
    Result result;
    CountingPlainTextEdit edit;
    edit.setReadOnly(true);
    edit.setMaximumBlockCount(options.cap);
    edit.resize(windowWidth, windowHeight);
    edit.setWindowTitle(QStringLiteral("bench_logflood: qt_sink"));
    edit.show();
    settle(100ms);

    auto sink = std::make_shared<spdlog::sinks::qt_sink_mt>(&edit, "appendPlainText");
    sink->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] [%n] [%t] %v"); // as the workhost file
    Loggers loggers;
    for (int w = 0; w < writers; ++w)
        loggers.push_back(std::make_shared<spdlog::logger>(
            QStringLiteral("writer-%1").arg(w, 2, 10, QChar('0')).toStdString(), sink));

    benchApp()->setProfiling(options.phases);
    const Clock::time_point start = startAfter(50ms);
    const Clock::time_point deadline = deadlineFor(start, options);
    edit.setDeadline(deadline);
    const Flood run = flood(loggers, rate, options, start, deadline,
                            [&](quint64 written) { return edit.appended() >= written; });
    benchApp()->setProfiling(false);
    fillLatency(result, run);
    result.produced = static_cast<double>(run.written);
    result.delivered = static_cast<double>(edit.appended());
    result.dropped = result.produced - result.delivered; // discarded at the deadline
    result.inFile = 0;
    if (options.phases)
        printPhases("qt_sink", writers, rate,
                    QStringLiteral(" drain %1 ms%2")
                        .arg(run.drainMs, 0, 'f', 0)
                        .arg(run.drained ? "" : " (gave up)"));
    loggers.clear();
    sink.reset();
    QCoreApplication::removePostedEvents(&edit, QEvent::MetaCall);
    return result;
}

Result medianOf(const std::vector<Result> &runs)
{
    auto field = [&](double Result::*member) {
        std::vector<double> values;
        for (const Result &run : runs)
            values.push_back(run.*member);
        return median(values);
    };
    Result result;
    for (double Result::*member :
         {&Result::p50Ms, &Result::p99Ms, &Result::maxMs, &Result::produced, &Result::delivered,
          &Result::dropped, &Result::inFile, &Result::rssMb, &Result::noiseCores})
        result.*member = field(member);
    return result;
}

// The next lower rate of the 1-2-5 series: 10,000 -> 5,000 -> 2,000 -> 1,000 -> 500 ...
int lowerStep(int rate)
{
    int decade = 1;
    while (decade * 10 < rate)
        decade *= 10;
    // rate is in (decade, 10 * decade]: the largest of 5, 2, 1 times decade below it
    for (const int step : {5, 2, 1}) {
        if (step * decade < rate)
            return step * decade;
    }
    return rate / 2;
}

QString rateName(int rate)
{
    return rate > 0 ? QString::number(rate) : QStringLiteral("max");
}

std::vector<int> intList(const QString &text)
{
    std::vector<int> values;
    for (const QString &part : text.split(QLatin1Char(',')))
        values.push_back(part.toInt());
    return values;
}

Options parse(const QStringList &args)
{
    Options options;
    auto value = [&](const char *name) -> std::optional<QString> {
        const qsizetype at = args.indexOf(QLatin1String(name));
        if (at > 0 && at + 1 < args.size())
            return args.at(at + 1);
        return std::nullopt;
    };
    options.json = args.contains(QStringLiteral("--json"));
    options.phases = args.contains(QStringLiteral("--phases"));
    options.warmUp = !args.contains(QStringLiteral("--no-warm-up"));
    options.follow = !args.contains(QStringLiteral("--no-follow"));
    options.quiet = !args.contains(QStringLiteral("--ignore-noise"));
    if (auto cap = value("--cap"))
        options.cap = std::max(1, cap->toInt());
    if (args.contains(QStringLiteral("--quick"))) {
        options.seconds = 1;
        options.writers = {4};
        options.rates = {10000, 200000, 0};
    }
    if (auto seconds = value("--seconds"))
        options.seconds = std::max(0.1, seconds->toDouble());
    if (auto drain = value("--drain-seconds"))
        options.drainSeconds = std::max(0.0, drain->toDouble());
    if (auto reps = value("--reps"))
        options.reps = std::max(1, reps->toInt());
    if (auto minRate = value("--min-rate"))
        options.minRate = std::max(1, minRate->toInt());
    if (auto writers = value("--writers"))
        options.writers = intList(*writers);
    if (auto rates = value("--rate"))
        options.rates = intList(*rates);
    if (auto sink = value("--sink"))
        options.sinks = {*sink};
    if (const qsizetype at = args.indexOf(QStringLiteral("--child")); at > 0)
        options.child = args.mid(at + 1, 3);
    return options;
}

// One run as JSON; the parent adds how busy other processes kept the machine.
QByteArray toJson(const QString &sink, int writers, int rate, const Result &result,
                  bool withNoise = false)
{
    const QString noise =
        withNoise ? QStringLiteral(", \"noise_cores\": %1").arg(result.noiseCores, 0, 'f', 2)
                  : QString();
    return QStringLiteral("{\"sink\": \"%1\", \"writers\": %2, \"rate\": %3, \"p50_ms\": %4, "
                          "\"p99_ms\": %5, \"max_ms\": %6, \"produced\": %7, \"delivered\": %8, "
                          "\"dropped\": %9, \"in_file\": %10, \"rss_mb\": %11%12}")
        .arg(sink)
        .arg(writers)
        .arg(rate)
        .arg(result.p50Ms, 0, 'f', 3)
        .arg(result.p99Ms, 0, 'f', 3)
        .arg(result.maxMs, 0, 'f', 3)
        .arg(result.produced, 0, 'f', 0)
        .arg(result.delivered, 0, 'f', 0)
        .arg(result.dropped, 0, 'f', 0)
        .arg(result.inFile, 0, 'f', 0)
        .arg(result.rssMb, 0, 'f', 1)
        .arg(noise)
        .toUtf8();
}

Result fromJson(const QJsonObject &object)
{
    Result result;
    result.p50Ms = object.value(QLatin1String("p50_ms")).toDouble();
    result.p99Ms = object.value(QLatin1String("p99_ms")).toDouble();
    result.maxMs = object.value(QLatin1String("max_ms")).toDouble();
    result.produced = object.value(QLatin1String("produced")).toDouble();
    result.delivered = object.value(QLatin1String("delivered")).toDouble();
    result.dropped = object.value(QLatin1String("dropped")).toDouble();
    result.inFile = object.value(QLatin1String("in_file")).toDouble();
    result.rssMb = object.value(QLatin1String("rss_mb")).toDouble();
    result.noiseCores = object.value(QLatin1String("noise_cores")).toDouble();
    return result;
}

// The child's side: warm up (fonts, styles, first paints of both widgets),
// measure the idle footprint, then one run; prints one JSON object.
int runChild(const Options &options)
{
    if (options.warmUp) {
        Options warmUp = options;
        warmUp.seconds = 0.2;
        warmUp.phases = false;
        runWorkhost(1, 10000, warmUp);
        runQtSink(1, 10000, warmUp);
    }
    malloc_trim(0);
    if (options.child.value(0) == QLatin1String("idle")) {
        std::printf("{\"idle_rss_mb\": %.1f}\n", statusMb());
        return 0;
    }
    if (options.child.size() != 3)
        return 2;
    const QString sink = options.child.at(0);
    const int writers = std::max(1, options.child.at(1).toInt());
    const int rate = options.child.at(2).toInt();
    resetPeakRss();
    const Result result = sink == QLatin1String("workhost") ? runWorkhost(writers, rate, options)
                                                            : runQtSink(writers, rate, options);
    std::printf("%s\n", toJson(sink, writers, rate, result).constData());
    std::fflush(stdout);
    return 0;
}

// The parent's side: every run in a fresh process, so that what one run
// allocated (the naive sink queues gigabytes) does not count against the next.
std::optional<QJsonObject> spawn(const QStringList &child, const Options &options)
{
    QStringList args = {QStringLiteral("--child")};
    args += child;
    args += {QStringLiteral("--seconds"), QString::number(options.seconds),
             QStringLiteral("--drain-seconds"), QString::number(options.drainSeconds)};
    if (options.phases)
        args += QStringLiteral("--phases");
    if (!options.warmUp)
        args += QStringLiteral("--no-warm-up");
    if (!options.follow)
        args += QStringLiteral("--no-follow");
    args += {QStringLiteral("--cap"), QString::number(options.cap)};
    QProcess process;
    process.setProcessChannelMode(options.phases ? QProcess::ForwardedErrorChannel
                                                 : QProcess::SeparateChannels);
    process.start(QCoreApplication::applicationFilePath(), args);
    const int limitMs = static_cast<int>((options.seconds + options.drainSeconds + 120) * 1000);
    if (!process.waitForFinished(limitMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        process.kill();
        process.waitForFinished();
        std::fprintf(stderr, "bench_logflood: run %s failed:\n%s\n", qPrintable(child.join(' ')),
                     process.readAllStandardError().constData());
        return std::nullopt;
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    const QJsonDocument document = QJsonDocument::fromJson(lines.last());
    if (!document.isObject())
        return std::nullopt;
    return document.object();
}

// CPU time used by other processes (and stolen by the hypervisor), in cores,
// between two samples: the machine's busy time less this process and its children.
class NoiseMeter
{
public:
    NoiseMeter() { m_start = sample(); }
    double othersCores() const
    {
        const Sample now = sample();
        const double wall = std::chrono::duration<double>(now.wall - m_start.wall).count();
        const double others = (now.busy - m_start.busy) - (now.own - m_start.own);
        return wall > 0 ? std::max(0.0, others / wall) : 0;
    }

private:
    struct Sample
    {
        Clock::time_point wall;
        double busy = 0; // seconds, all CPUs: /proc/stat less idle and iowait
        double own = 0;  // seconds: this process and its waited-for children
    };
    static Sample sample()
    {
        Sample result;
        result.wall = Clock::now();
        if (std::FILE *stat = std::fopen("/proc/stat", "r")) {
            unsigned long long v[8] = {};
            if (std::fscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
                            &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
                const double busy = static_cast<double>(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]);
                result.busy = busy / static_cast<double>(sysconf(_SC_CLK_TCK));
            }
            std::fclose(stat);
        }
        auto seconds = [](const timeval &time) {
            return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
        };
        rusage self{}, children{};
        getrusage(RUSAGE_SELF, &self);
        getrusage(RUSAGE_CHILDREN, &children);
        result.own = seconds(self.ru_utime) + seconds(self.ru_stime) + seconds(children.ru_utime) +
                     seconds(children.ru_stime);
        return result;
    }

    Sample m_start;
};

constexpr double noiseLimitCores = 0.15;

// Waits (up to 30 s) until other processes leave the machine alone.
void waitForQuiet()
{
    for (int attempt = 0; attempt < 60; ++attempt) {
        NoiseMeter meter;
        std::this_thread::sleep_for(500ms);
        if (meter.othersCores() < noiseLimitCores)
            return;
    }
    std::fprintf(stderr, "bench_logflood: the machine is still busy; measuring anyway\n");
}

// spawn(), on a quiet machine: a run during which other processes used more
// than 0.15 of a core is repeated once, and the quieter attempt is kept. The
// result says how many cores others used meanwhile ("noise_cores").
std::optional<QJsonObject> spawnQuiet(const QStringList &child, const Options &options)
{
    std::optional<QJsonObject> best;
    double bestNoise = 1e300;
    for (int attempt = 1; attempt <= (options.quiet ? 2 : 1); ++attempt) {
        if (options.quiet)
            waitForQuiet();
        NoiseMeter meter;
        std::optional<QJsonObject> result = spawn(child, options);
        const double others = meter.othersCores();
        if (result && others < bestNoise) {
            best = result;
            bestNoise = others;
            best->insert(QLatin1String("noise_cores"), others);
        }
        if (others < noiseLimitCores || !options.quiet)
            break;
        std::fprintf(stderr, "bench_logflood: other processes used %.2f cores during run %s%s\n",
                     others, qPrintable(child.join(' ')),
                     attempt < 2 ? "; repeating it" : "; keeping the quieter attempt");
    }
    return best;
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    BenchApplication app(argc, argv);
    const Options options = parse(app.arguments());
    if (!options.child.isEmpty())
        return runChild(options);

    const std::optional<QJsonObject> idle = spawnQuiet({QStringLiteral("idle")}, options);
    const double idleRss = idle ? idle->value(QLatin1String("idle_rss_mb")).toDouble() : 0;
    if (options.json) {
        std::printf("{\"idle_rss_mb\": %.1f}\n", idleRss);
    } else {
        std::printf("bench_logflood: %.1f s per run, drain up to %.1f s, %d rep(s) (medians); "
                    "idle RSS %.1f MB\n",
                    options.seconds, options.drainSeconds, options.reps, idleRss);
        std::printf("qt_sink: QPlainTextEdit with maximumBlockCount %d; workhost: LogModel cap "
                    "%d, live sink capacity 65536%s; each run in its own process\n",
                    options.cap, options.cap, options.follow ? "" : ", not following the tail");
        std::printf("%-9s %7s %8s %8s %8s %8s %10s %10s %10s %10s %8s %6s\n", "sink", "writers",
                    "rate", "p50_ms", "p99_ms", "max_ms", "produced", "delivered", "dropped",
                    "in_file", "rss_mb", "noise");
    }
    std::fflush(stdout);

    // sink -> rate -> p99 met at every writer count so far, and the lowest achieved rate
    struct Sustained
    {
        bool met = true;
        double achieved = 1e300;
    };
    std::map<QString, std::map<int, Sustained>> sustained;
    int failures = 0;

    // One row of the table: `sink` at `rate` with `writers` (medians of --reps).
    const auto measure = [&](const QString &sink, int writers, int rate) {
        std::vector<Result> runs;
        for (int rep = 0; rep < options.reps; ++rep) {
            const std::optional<QJsonObject> run =
                spawnQuiet({sink, QString::number(writers), QString::number(rate)}, options);
            if (run)
                runs.push_back(fromJson(*run));
            else
                ++failures;
        }
        if (runs.empty())
            return;
        const Result result = medianOf(runs);
        Sustained &entry = sustained[sink][rate];
        entry.met = entry.met && result.p99Ms <= frameBudgetMs;
        entry.achieved = std::min(entry.achieved, rate > 0 ? static_cast<double>(rate)
                                                           : result.produced / options.seconds);
        if (options.json)
            std::printf("%s\n", toJson(sink, writers, rate, result, true).constData());
        else
            std::printf("%-9s %7d %8s %8.3f %8.3f %8.3f %10.0f %10.0f %10.0f %10.0f "
                        "%8.1f %6.2f\n",
                        qPrintable(sink), writers, qPrintable(rateName(rate)), result.p50Ms,
                        result.p99Ms, result.maxMs, result.produced, result.delivered,
                        result.dropped, result.inFile, result.rssMb, result.noiseCores);
        std::fflush(stdout);
    };
    const auto sustainableRate = [&](const QString &sink) {
        double best = 0;
        for (const auto &[rate, entry] : sustained[sink]) {
            if (entry.met)
                best = std::max(best, entry.achieved);
        }
        return best;
    };

    for (const int writers : options.writers) {
        for (const int rate : options.rates) {
            for (const QString &sink : options.sinks)
                measure(sink, writers, rate);
        }
    }

    // A sink that met no asked rate: lower rates, one step at a time (1-2-5),
    // down to --min-rate, until one is met at every writer count, so that
    // its sustainable rate, and the ratio between the sinks, is a number.
    const int lowestAsked =
        *std::min_element(options.rates.begin(), options.rates.end(), [](int a, int b) {
            return (a > 0 ? a : INT_MAX) < (b > 0 ? b : INT_MAX);
        });
    for (const QString &sink : options.sinks) {
        for (int rate = lowerStep(lowestAsked);
             sustainableRate(sink) == 0 && rate >= options.minRate && lowestAsked > 0;
             rate = lowerStep(rate)) {
            for (const int writers : options.writers) {
                measure(sink, writers, rate);
                const auto row = sustained[sink].find(rate);
                if (row == sustained[sink].end() || !row->second.met)
                    break; // this rate is out already (or did not run): the next lower one
            }
        }
    }

    for (const QString &sink : options.sinks) {
        const double best = sustainableRate(sink);
        if (options.json)
            std::printf("{\"sink\": \"%s\", \"sustainable_rate\": %.0f}\n", qPrintable(sink), best);
        else if (best > 0)
            std::printf("sustainable rate %-9s %10.0f lines/s (p99 <= %.0f ms at every writer "
                        "count)\n",
                        qPrintable(sink), best, frameBudgetMs);
        else
            std::printf("sustainable rate %-9s none down to %d lines/s (p99 <= %.0f ms at every "
                        "writer count)\n",
                        qPrintable(sink), options.minRate, frameBudgetMs);
    }
    // workhost against the baseline: a number when both have a sustainable
    // rate, a lower bound when only the baseline has none, and none when
    // workhost itself has none (on a busy machine: see the noise column).
    if (sustained.count(QStringLiteral("workhost")) && sustained.count(QStringLiteral("qt_sink"))) {
        const double ours = sustainableRate(QStringLiteral("workhost"));
        const double baseline = sustainableRate(QStringLiteral("qt_sink"));
        const QString ratio =
            ours > 0 && baseline > 0 ? QString::number(ours / baseline, 'f', 1) : QString();
        const QString atLeast =
            ours > 0 && baseline == 0 ? QString::number(ours / options.minRate, 'f', 1) : QString();
        if (options.json)
            std::printf("{\"ratio\": %s, \"ratio_at_least\": %s}\n",
                        ratio.isEmpty() ? "null" : qPrintable(ratio),
                        atLeast.isEmpty() ? "null" : qPrintable(atLeast));
        else if (!ratio.isEmpty())
            std::printf("workhost sustains %s times qt_sink's rate\n", qPrintable(ratio));
        else if (!atLeast.isEmpty())
            std::printf("workhost sustains more than %s times qt_sink's rate (qt_sink sustains "
                        "none down to %d lines/s)\n",
                        qPrintable(atLeast), options.minRate);
        else
            std::printf("no ratio: workhost sustains no rate down to %d lines/s in this run\n",
                        options.minRate);
    }
    return failures == 0 ? 0 : 1;
}

#include "bench_logflood.moc"
