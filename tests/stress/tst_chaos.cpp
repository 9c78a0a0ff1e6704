// Chaos (issue #8): 64 workers of every catalog type, the command workers
// with real child processes, plus two services that flood the log with
// numbered lines, in a host built from a configuration as the application
// builds it, with the window's models attached and checked by
// QAbstractItemModelTester. For 60 s the test starts, stops and restarts
// random workers every few milliseconds from the owner thread.
//
// Afterwards: no crash; no deadlock (a watchdog aborts with every thread's
// stack if the owner thread stalls over 15 s); every worker rests in a state
// its last order allows; every transition was reported, chained and legal,
// and is in the log file; every stop ends within 5 s; lines produced =
// delivered + dropped; every line is in the file; no child process is left;
// RSS at the end within 20% of the RSS after the warm-up.
//
// WORKHOST_CHAOS_SECONDS shortens the run; WORKHOST_CHAOS_SEED replays one;
// WORKHOST_CHAOS_KEEP keeps its files (logs, manifests) to look at afterwards.

#include "gui/workers/workertablemodel.h"
#include "support/chaosexpectation.h"
#include "support/chaosflood.h"
#include "support/chaoslivelog.h"
#include "support/chaoslogfile.h"
#include "support/chaosplan.h"
#include "support/chaosprocesses.h"
#include "support/chaostransitions.h"
#include "support/processmemory.h"
#include "support/standardregistry.h"
#include "support/watchdog.h"
#include <workhost/config/configloader.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logfeed.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/logmodel.h>
#include <workhost/runtime/hostassembly.h>
#include <workhost/session/inprocesshostsession.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <optional>
#include <random>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

#if defined(__SANITIZE_ADDRESS__)
// AddressSanitizer keeps freed memory in a quarantine, 256 MB by default, that
// fills over minutes under this flood and shows as RSS growth. A 16 MB one
// fills during the warm-up, so that the RSS comparison sees the program's own
// memory; it still catches the use of memory freed recently. (Settings given
// in ASAN_OPTIONS win over these defaults.)
extern "C" __attribute__((visibility("default"), used)) const char *__asan_default_options()
{
    return "quarantine_size_mb=16";
}

// The runtime's hook on everything it prints: how the test reads the size of
// ASan's stack depot (see sanitizerStackDepotBytes()).
extern "C" __attribute__((visibility("default"), used)) void __sanitizer_on_print(const char *text)
{
    workhost::test::noteSanitizerPrint(text);
}
#endif

namespace {

constexpr auto operationInterval = 4ms;
// A deadlock detector, not a latency bound: a deadlock stalls for ever, while
// under ASan on a loaded 2-core machine the owner thread once waited 2.05 s in
// the kernel for the address-space lock that the file hashers' mmap calls held.
constexpr auto stallLimit = 15s;
// Every stop of this scenario ends within this: the slowest worker ignores a
// stop for 0.4 s, the one deaf to SIGTERM is killed after 0.2 s, and the
// other command workers' grace (10 s) is only reached by a SIGTERM that
// reaches no one.
constexpr auto stopBound = 5s;
// Memory is compared with what it was after the warm-up (a third of a shorter
// run). Every run of a service is a new thread, and the allocator spreads
// them over its arenas: RSS climbs for a while with a flat heap, then levels
// off. Under ASan, its stack depot, which only grows, is left out of the
// comparison (see sanitizerStackDepotBytes()).
constexpr auto warmUp = 20s;
constexpr auto minimumRunForMemory = 30s;
// Small enough that the window's thread, busy with the model testers' full
// walks, falls behind now and then: the dropping path is exercised too.
constexpr size_t liveCapacity = 512;
// The log model's retention: the model tester walks every row on every
// change, so a window-sized cap keeps the owner thread free for the chaos.
constexpr int retention = 300;

std::chrono::milliseconds runTime()
{
    bool ok = false;
    const double seconds = qEnvironmentVariable("WORKHOST_CHAOS_SECONDS").toDouble(&ok);
    return std::chrono::milliseconds(ok && seconds > 0 ? qRound64(seconds * 1000) : 60000);
}

quint32 chaosSeed()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("WORKHOST_CHAOS_SEED").toUInt(&ok);
    return ok ? seed : std::random_device{}();
}

double megabytes(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

QString stateNames(const QList<ServiceState> &states)
{
    QStringList names;
    for (ServiceState state : states)
        names << enumName(state);
    return names.join('/');
}

// What the run did, for the summary line.
struct Figures
{
    qint64 operations = 0;
    qint64 starts = 0;
    qint64 stops = 0;
    qint64 restarts = 0;
    qint64 rssAfterWarmUp = 0;
    qint64 rssAtEnd = 0;
    // AddressSanitizer's own records of call stacks, inside the RSS (0 without it).
    qint64 depotAfterWarmUp = 0;
    qint64 depotAtEnd = 0;
    qsizetype processesMidRun = 0; // children and their children, after the warm-up
    double chaosSeconds = 0;
    qint64 longestGapMs = 0;    // between two pets of the watchdog
    qint64 longestGapEndMs = 0; // when it ended, since the watchdog started
    QList<double> rssSamples;   // MB, every tenth of the run
    // MB in use on the heap, idem: reported, not compared, as it moves by
    // megabytes with the long lines the log model happens to retain.
    QList<double> heapSamples;
};

} // namespace

class TestChaos : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startStopAndRestartUnderALogFlood();
    void cleanup();

private:
    void operate(std::mt19937 &random);
    void checkRestingStates();
    void checkModelsAgreeWithTheHost();
    void checkTransitions();
    void checkLiveAccounting();
    void checkLogFile();
    void printSummary(const Figures &figures, double totalSeconds);

    // The scenario's parts, alive for one run.
    std::unique_ptr<LogPipeline> m_logging;
    std::unique_ptr<Host> m_host;
    QStringList m_names; // every service
    QHash<QString, ChaosExpectation> m_expected;
    QList<ChaosFlood *> m_floods; // owned by the host
    std::unique_ptr<InProcessHostSession>
        m_session; // what the window's model shows the host through
    std::unique_ptr<WorkerTableModel> m_workers;
    std::unique_ptr<LogModel> m_logModel;
    std::unique_ptr<LogFeed> m_feed;
    std::unique_ptr<ChaosLiveLog> m_live;
    std::unique_ptr<ChaosTransitions> m_transitions;
    QStringList m_modelProblems;
    Figures m_figures;
    qint64 m_fileLines = 0;
};

void TestChaos::startStopAndRestartUnderALogFlood()
{
    QElapsedTimer total;
    total.start();
    const std::chrono::milliseconds duration = runTime();
    const quint32 seed = chaosSeed();
    std::printf("chaos: %.1f s, seed %u (replay with WORKHOST_CHAOS_SEED=%u)\n",
                double(duration.count()) / 1000.0, seed, seed);
    std::fflush(stdout);

    // The host, from a configuration, as the application makes it.
    QTemporaryDir root;
    QVERIFY(root.isValid());
    if (qEnvironmentVariableIsSet("WORKHOST_CHAOS_KEEP")) {
        root.setAutoRemove(false);
        std::printf("chaos: files kept in %s\n", qPrintable(root.path()));
    }
    const QByteArray marker =
        "WORKHOST_CHAOS_RUN=" + QByteArray::number(::getpid()) + '-' + QByteArray::number(seed);
    const QList<ChaosWorker> catalog = chaosWorkers(root.path(), marker);
    const ConfigLoader::Result loaded =
        ConfigLoader(standardRegistry())
            .parse(chaosConfiguration(catalog), QStringLiteral("chaos"));
    QVERIFY2(loaded.ok(),
             qPrintable(loaded.issues.isEmpty() ? QString() : loaded.issues.first().toString()));
    QCOMPARE(loaded.config.workers.size(), 64);

    LogOptions logOptions;
    logOptions.level = loaded.config.logging.level;
    logOptions.liveCapacity = liveCapacity;
    logOptions.fileDirectory = root.filePath(QStringLiteral("logs"));
    logOptions.maxFileSize = static_cast<size_t>(loaded.config.logging.fileMaxSize);
    logOptions.maxFiles = static_cast<size_t>(loaded.config.logging.fileMaxFiles);
    m_logging = std::make_unique<LogPipeline>(logOptions);
    m_host = assembleHost(loaded.config, standardRegistry(), m_logging.get());
    QCOMPARE(m_host->serviceNames().size(), 64);
    QStringList floodNames;
    for (int i = 0; i < 2; ++i) {
        auto flood = std::make_unique<ChaosFlood>(QStringLiteral("flood-%1").arg(i), 2, 1ms);
        m_floods << flood.get();
        floodNames << flood->name();
        QVERIFY(m_host->addService(std::move(flood)));
    }
    m_names = m_host->serviceNames();
    for (const ChaosWorker &worker : catalog)
        m_expected.insert(worker.name, ChaosExpectation(worker.behaviour));
    for (const QString &flood : floodNames)
        m_expected.insert(flood, ChaosExpectation(ChaosBehaviour::Steady));

    // The window's models, fed as the window feeds them, each under a tester.
    m_session = std::make_unique<InProcessHostSession>(InProcessHostSession::Parts{*m_host});
    m_workers = std::make_unique<WorkerTableModel>(*m_session);
    for (const ChaosWorker &worker : catalog)
        m_workers->setWorkerType(worker.name, worker.type);
    QAbstractItemModelTester workersTester(m_workers.get());
    m_logModel = std::make_unique<LogModel>();
    m_logModel->setRetentionCap(retention);
    QAbstractItemModelTester logTester(m_logModel.get());
    m_feed = std::make_unique<LogFeed>(m_logging->liveSink());
    connect(m_feed.get(), &LogFeed::batchReady, m_logModel.get(), &LogModel::append);
    m_live = std::make_unique<ChaosLiveLog>(*m_feed, floodNames);
    m_transitions = std::make_unique<ChaosTransitions>(*m_host);

    std::optional<Watchdog> watchdog(std::in_place, stallLimit, QStringLiteral("the owner thread"));
    watchdog->petEvery(100ms);

    m_host->start();
    QVERIFY(QTest::qWaitFor([&] { return m_host->state() == HostState::Running; }, 60000));

    // The chaos: one random order every few milliseconds, for the run time.
    std::mt19937 random(seed);
    QTimer operations;
    operations.setInterval(operationInterval);
    connect(&operations, &QTimer::timeout, this, [&] { operate(random); });
    QTimer::singleShot(std::min<std::chrono::milliseconds>(warmUp, duration / 3), this, [&] {
        m_figures.rssAfterWarmUp = residentBytes();
        m_figures.depotAfterWarmUp = sanitizerStackDepotBytes();
        // The scan that must find none at the end finds the command workers' now.
        m_figures.processesMidRun =
            std::max(m_figures.processesMidRun, leftoverProcesses(marker).size());
    });
    QTimer rssSampler;
    connect(&rssSampler, &QTimer::timeout, this, [this, &marker] {
        m_figures.rssSamples << megabytes(residentBytes());
        m_figures.heapSamples << megabytes(liveHeapBytes());
        // One scan can fall where every command worker is between runs (the
        // chaos stops and restarts them): the most seen in any scan counts.
        m_figures.processesMidRun =
            std::max(m_figures.processesMidRun, leftoverProcesses(marker).size());
    });
    rssSampler.start(duration / 10);
    QEventLoop chaos;
    QTimer::singleShot(duration, &chaos, &QEventLoop::quit);
    QElapsedTimer chaosClock;
    chaosClock.start();
    operations.start();
    chaos.exec();
    operations.stop();
    rssSampler.stop();
    m_figures.chaosSeconds = double(chaosClock.elapsed()) / 1000.0;
    m_figures.rssAtEnd = residentBytes();
    m_figures.depotAtEnd = sanitizerStackDepotBytes();
    QVERIFY2(m_modelProblems.isEmpty(), qPrintable(m_modelProblems.join('\n')));

    // Quiet again: every worker comes to rest where its last order leads.
    checkRestingStates();
    checkModelsAgreeWithTheHost();
    if (QTest::currentTestFailed())
        return;

    m_host->stop();
    QVERIFY(QTest::qWaitFor([&] { return m_host->state() == HostState::Stopped; }, 30000));
    QCOMPARE(Host::abandonedThreadCount(), 0);
    for (const QString &name : m_names) {
        const ServiceState state = m_host->status(name)->state;
        QVERIFY2(state == ServiceState::Stopped || state == ServiceState::Faulted ||
                     state == ServiceState::GaveUp,
                 qPrintable(name + QStringLiteral(" ended ") + enumName(state)));
    }
    checkModelsAgreeWithTheHost();
    m_figures.longestGapMs = watchdog->longestGap().count();
    m_figures.longestGapEndMs = watchdog->longestGapEnd().count();
    watchdog.reset(); // the checks below read files and need no event loop
    QVERIFY2(m_figures.processesMidRun > 0, "no command worker's process was seen running");
    QList<ProcessInfo> left;
    const bool noneLeft =
        QTest::qWaitFor([&] { return (left = leftoverProcesses(marker)).isEmpty(); }, 5000);
    QStringList leftovers;
    for (const ProcessInfo &process : left)
        leftovers << process.describe();
    QVERIFY2(noneLeft, qPrintable(QStringLiteral("left behind:\n") + leftovers.join('\n')));

    checkTransitions();
    checkLiveAccounting();
    checkLogFile();
    printSummary(m_figures, double(total.elapsed()) / 1000.0);
    // A shortened run has too short a warm-up for memory to settle: it only reports.
    if (duration < minimumRunForMemory)
        return;
    // The program's memory: the RSS without what AddressSanitizer keeps for itself.
    QVERIFY2(m_figures.depotAfterWarmUp >= 0 && m_figures.depotAtEnd >= 0,
             "AddressSanitizer's statistics did not say the size of its stack depot");
    const qint64 programAfterWarmUp = m_figures.rssAfterWarmUp - m_figures.depotAfterWarmUp;
    const qint64 programAtEnd = m_figures.rssAtEnd - m_figures.depotAtEnd;
    QVERIFY2(programAtEnd <= programAfterWarmUp * 1.2,
             qPrintable(QStringLiteral("RSS grew from %1 MB after the warm-up to %2 MB "
                                       "(without AddressSanitizer's stack depot: %3 to %4 MB)")
                            .arg(megabytes(m_figures.rssAfterWarmUp))
                            .arg(megabytes(m_figures.rssAtEnd))
                            .arg(megabytes(programAfterWarmUp))
                            .arg(megabytes(programAtEnd))));
}

void TestChaos::cleanup()
{
    // Users before what they use; the host (blocking, if a check failed while
    // it still ran) before the log pipeline its services write to.
    m_transitions.reset();
    m_live.reset();
    m_feed.reset();
    m_logModel.reset();
    m_workers.reset();
    m_session.reset();
    m_host.reset();
    m_logging.reset();
}

void TestChaos::operate(std::mt19937 &random)
{
    std::uniform_int_distribution<qsizetype> anyService(0, m_names.size() - 1);
    std::uniform_int_distribution<int> anyOrder(0, 9);
    const QString &name = m_names[anyService(random)];
    ChaosExpectation &expected = m_expected[name];
    const int order = anyOrder(random);
    if (order < 4) {
        expected.toldStart(m_host->startService(name));
        ++m_figures.starts;
    } else if (order < 7) {
        const ServiceState before = m_host->status(name)->state;
        expected.toldStop(m_host->stopService(name), before);
        ++m_figures.stops;
    } else {
        expected.toldStart(m_host->restartService(name));
        ++m_figures.restarts;
    }
    ++m_figures.operations;

    // The window shows every transition at once, so its row already agrees.
    const ServiceState shown = m_workers->status(m_workers->rowOf(name)).state;
    const ServiceState actual = m_host->status(name)->state;
    if (shown != actual && m_modelProblems.size() < 20)
        m_modelProblems << QStringLiteral("%1: the table shows %2, the host says %3")
                               .arg(name, enumName(shown), enumName(actual));
}

void TestChaos::checkRestingStates()
{
    const auto misplaced = [this] {
        QStringList out;
        for (const QString &name : std::as_const(m_names)) {
            const ServiceState state = m_host->status(name)->state;
            const ChaosExpectation &expected = m_expected[name];
            if (!expected.allows(state))
                out << QStringLiteral("%1 is %2, expected %3 (told to %4)")
                           .arg(name, enumName(state), stateNames(expected.restingStates()),
                                expected.toldToRun() ? "run" : "stop");
        }
        return out;
    };
    const bool resting = QTest::qWaitFor([&] { return misplaced().isEmpty(); }, 20000);
    QVERIFY2(resting, qPrintable(misplaced().join('\n')));

    // A worker told to run that is Stopped must have completed its work.
    for (const QString &name : std::as_const(m_names)) {
        const ServiceTransition last = m_transitions->lastTransition(name);
        if (m_expected[name].toldToRun() && last.to == ServiceState::Stopped)
            QVERIFY2(last.outcome == RunOutcome::Completed,
                     qPrintable(name + QStringLiteral(" stopped: ") + last.reason));
    }
}

void TestChaos::checkModelsAgreeWithTheHost()
{
    QCOMPARE(m_workers->rowCount(), m_names.size());
    for (const QString &name : std::as_const(m_names)) {
        const int row = m_workers->rowOf(name);
        QVERIFY2(row >= 0, qPrintable(name));
        const ServiceState actual = m_host->status(name)->state;
        QCOMPARE(ServiceState(m_workers->index(row, WorkerTableModel::StateColumn)
                                  .data(WorkerTableModel::StateRole)
                                  .toInt()),
                 actual);
        const QList<ServiceTransition> history = m_workers->history(name);
        QVERIFY2(!history.isEmpty(), qPrintable(name));
        QVERIFY(history.size() <= WorkerTableModel::historyLimit);
        const ServiceTransition last = m_transitions->lastTransition(name);
        QCOMPARE(history.last().from, last.from);
        QCOMPARE(history.last().to, last.to);
        QCOMPARE(history.last().at, last.at);
    }
}

void TestChaos::checkTransitions()
{
    QVERIFY2(m_transitions->problems().isEmpty(), qPrintable(m_transitions->problems().join('\n')));
    QVERIFY2(m_transitions->longestStopMs() < std::chrono::milliseconds(stopBound).count(),
             qPrintable(QStringLiteral("%1 took %2 ms to stop")
                            .arg(m_transitions->longestStopService())
                            .arg(m_transitions->longestStopMs())));
    for (const QString &name : std::as_const(m_names)) {
        const ServiceStatus status = *m_host->status(name);
        QCOMPARE(m_transitions->lastState(name), status.state);
        QCOMPARE(m_transitions->automaticRestarts(name), status.restartCount);
    }
    for (const ChaosFlood *flood : std::as_const(m_floods))
        QCOMPARE(m_transitions->countTo(flood->name(), ServiceState::Starting), flood->runs());
}

void TestChaos::checkLiveAccounting()
{
    m_feed->takeNow(); // what is still queued: nothing logs any more
    const std::shared_ptr<LiveLogSink> sink = m_logging->liveSink();
    QVERIFY2(m_live->problems().isEmpty(), qPrintable(m_live->problems().join('\n')));
    QCOMPARE(m_live->delivered() + m_live->dropped(), sink->produced());
    QVERIFY(m_live->dropped() <= sink->dropped()); // the sink also lets go what was read
    QCOMPARE(m_live->lastSequence(), sink->produced());
    QCOMPARE(m_feed->delivered(), m_live->delivered());
    QCOMPARE(m_feed->dropped(), m_live->dropped());
    // The window's log model saw all of it: retained, or let go by its cap.
    QCOMPARE(m_logModel->droppedUpstream(), m_live->dropped());
    QCOMPARE(quint64(m_logModel->retainedCount()) + m_logModel->droppedByCap(),
             m_live->delivered());
    QVERIFY(m_logModel->retainedCount() <= retention);
    // The floods' own counts: each line reached the window or was dropped.
    quint64 floodsMissing = 0;
    for (const ChaosFlood *flood : std::as_const(m_floods)) {
        const qint64 delivered = m_live->floodDelivered(flood->name());
        QVERIFY(flood->produced() > 0);
        QVERIFY(delivered <= flood->produced());
        floodsMissing += quint64(flood->produced() - delivered);
    }
    QVERIFY(floodsMissing <= m_live->dropped());
}

void TestChaos::checkLogFile()
{
    m_logging->flush();
    QHash<QString, qint64> nextFloodLine;
    QHash<QString, int> starting;
    QHash<QString, int> stopping;
    QStringList problems;
    qint64 lines = 0;
    const QByteArray floodPrefix(ChaosFlood::linePrefix);
    forEachLogLine(m_logging->filePath(), [&](const ChaosLogLine &line) {
        ++lines;
        const QString logger = QString::fromUtf8(line.logger);
        if (line.level == "debug" && line.message.startsWith("starting ("))
            ++starting[logger];
        else if (line.level == "debug" && line.message.startsWith("stopping ("))
            ++stopping[logger];
        else if (logger.startsWith(QLatin1String("flood-")) &&
                 line.message.startsWith(floodPrefix)) {
            const qint64 number = line.message.sliced(floodPrefix.size()).toLongLong();
            qint64 &next = nextFloodLine[logger];
            if (next == 0)
                next = 1;
            if (number != next && problems.size() < 20)
                problems << QStringLiteral("%1: line %2 where %3 was due in the file")
                                .arg(logger)
                                .arg(number)
                                .arg(next);
            next = number + 1;
        }
    });
    m_fileLines = lines;
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    // Every line the sinks were given is in the file, each flood line once, in order.
    QCOMPARE(quint64(lines), m_logging->liveSink()->produced());
    for (const ChaosFlood *flood : std::as_const(m_floods))
        QCOMPARE(nextFloodLine.value(flood->name()) - 1, flood->produced());
    // Every start and stop the host reported, it also logged.
    for (const QString &name : std::as_const(m_names)) {
        QCOMPARE(starting.value(name), m_transitions->countTo(name, ServiceState::Starting));
        QCOMPARE(stopping.value(name), m_transitions->countTo(name, ServiceState::Stopping));
    }
}

void TestChaos::printSummary(const Figures &f, double totalSeconds)
{
    int automaticRestarts = 0;
    for (const QString &name : std::as_const(m_names))
        automaticRestarts += m_transitions->automaticRestarts(name);
    quint64 floodLines = 0;
    for (const ChaosFlood *flood : std::as_const(m_floods))
        floodLines += quint64(flood->produced());
    std::printf(
        "chaos summary: %lld services (64 workers + %lld floods); %lld operations in %.1f s "
        "(%.0f/s: %lld starts, %lld stops, %lld restarts); %d automatic restarts; %lld "
        "transitions (longest stop %lld ms, %s); lines produced %llu, delivered %llu, dropped "
        "%llu, in file %lld (flood lines %llu); RSS after warm-up %.1f MB, at end %.1f MB; "
        "longest owner-thread gap %lld ms (ended %.1f s in); %lld child processes seen mid-run, "
        "none left; total %.1f s\n",
        static_cast<long long>(m_names.size()), static_cast<long long>(m_floods.size()),
        static_cast<long long>(f.operations), f.chaosSeconds,
        double(f.operations) / std::max(0.001, f.chaosSeconds), static_cast<long long>(f.starts),
        static_cast<long long>(f.stops), static_cast<long long>(f.restarts), automaticRestarts,
        static_cast<long long>(m_transitions->total()),
        static_cast<long long>(m_transitions->longestStopMs()),
        qPrintable(m_transitions->longestStopService()),
        static_cast<unsigned long long>(m_logging->liveSink()->produced()),
        static_cast<unsigned long long>(m_live->delivered()),
        static_cast<unsigned long long>(m_live->dropped()), static_cast<long long>(m_fileLines),
        static_cast<unsigned long long>(floodLines), megabytes(f.rssAfterWarmUp),
        megabytes(f.rssAtEnd), static_cast<long long>(f.longestGapMs),
        double(f.longestGapEndMs) / 1000.0, static_cast<long long>(f.processesMidRun),
        totalSeconds);
    const auto series = [](const QList<double> &samples) {
        QStringList texts;
        for (double sample : samples)
            texts << QString::number(sample, 'f', 1);
        return texts.join(' ');
    };
    std::printf("chaos memory (MB, every tenth of the run): RSS %s; heap in use %s\n",
                qPrintable(series(f.rssSamples)), qPrintable(series(f.heapSamples)));
    if (f.depotAtEnd > 0)
        std::printf("chaos memory: AddressSanitizer's stack depot %.0f MB after the warm-up, "
                    "%.0f MB at the end; RSS without it %.1f MB, then %.1f MB\n",
                    megabytes(f.depotAfterWarmUp), megabytes(f.depotAtEnd),
                    megabytes(f.rssAfterWarmUp - f.depotAfterWarmUp),
                    megabytes(f.rssAtEnd - f.depotAtEnd));
    std::fflush(stdout);
}

QTEST_MAIN(TestChaos)
#include "tst_chaos.moc"
