// The reliability suite's faults (issue #8): workers that throw, that restart
// in a storm, that never return, and command children that misbehave. For
// each, the whole system is checked: healthy bystanders keep progressing, the
// host keeps answering stop and start, and the window's models (workers table
// and log view, under QAbstractItemModelTester) agree with the host.
// Each scenario prints one "SUMMARY" line with what it measured.

#include "support/faultbench.h"
#include "support/faultdeadlinechild.h"
#include "support/faultprocesses.h"
#include "support/faultworkers.h"
#include "support/summary.h"
#include "workers/commandworker.h"
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/processexit.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// How late a timer may fire on a loaded machine (and under sanitizers).
constexpr qint64 lateToleranceMs = 150;

QString joined(const QList<qint64> &values)
{
    QStringList texts;
    for (const qint64 value : values)
        texts << QString::number(value);
    return texts.join(',');
}

std::unique_ptr<Service> makeFaulty(const QString &kind)
{
    if (kind == "bad_alloc")
        return std::make_unique<ThrowingWorker>("faulty", Thrown::BadAlloc);
    if (kind == "runtime_error")
        return std::make_unique<ThrowingWorker>("faulty", Thrown::RuntimeError);
    if (kind == "int")
        return std::make_unique<ThrowingWorker>("faulty", Thrown::Int);
    return std::make_unique<ThrowingHostedService>("faulty", ThrowingHostedService::Where::Start);
}

// Slow enough to check the bystanders while the faulty service backs off.
ServiceOptions twoRestarts()
{
    ServiceOptions options;
    options.restart.initialBackoff = 150ms;
    options.restart.backoffFactor = 1.0;
    options.restart.maxRestarts = 2;
    return options;
}

std::unique_ptr<CommandWorker> shell(const QString &script, std::chrono::milliseconds grace = 10s)
{
    CommandWorker::Settings settings;
    settings.program = "sh";
    settings.arguments = {"-c", script};
    settings.stopGrace = grace;
    return std::make_unique<CommandWorker>("cmd", settings);
}

// A character that would garble a terminal or the view: C0 but tab, DEL, C1.
bool isControl(QChar c)
{
    return (c.unicode() < 0x20 && c != QLatin1Char('\t')) ||
           (c.unicode() >= 0x7f && c.unicode() <= 0x9f);
}

QStringList messagesOf(const QList<LogRecord> &lines)
{
    QStringList messages;
    for (const LogRecord &line : lines)
        messages << line.message;
    return messages;
}

// What the child wrote, as logged: the lines between "started sh (pid N)" and
// "exited with code", less the host's own "started" line, which may fall between.
QStringList childOutput(const QList<LogRecord> &lines)
{
    const QStringList messages = messagesOf(lines);
    // QStringList::indexOf() wants the whole message to match.
    const qsizetype first = messages.indexOf(QRegularExpression("started sh \\(pid \\d+\\)"));
    const qsizetype end = messages.indexOf(QRegularExpression("exited with code -?\\d+"), first);
    if (first < 0 || end < 0)
        return {"no run found in: " + messages.join(" | ").left(500)};
    QStringList output = messages.mid(first + 1, end - first - 1);
    output.removeOne(QStringLiteral("started"));
    return output;
}

// After a command scenario: the worker announced `expectedGroups` process
// groups, and no process of them is left.
QString survivorsProblem(FaultBench &bench, int expectedGroups)
{
    const QSet<qint64> groups = announcedGroups(bench.linesOf("cmd"));
    if (groups.size() != expectedGroups)
        return QStringLiteral("%1 process groups announced, not %2")
            .arg(groups.size())
            .arg(expectedGroups);
    if (QTest::qWaitFor([&] { return survivors(groups).isEmpty(); }, 5000))
        return {};
    return QStringLiteral("survivors: ") + survivors(groups).join("; ");
}

} // namespace

// Fails the test function itself (not a helper) with the problem found.
#define VERIFY_NO_PROBLEM(check)                                                                   \
    do {                                                                                           \
        const QString problem = (check);                                                           \
        QVERIFY2(problem.isEmpty(), qPrintable(problem));                                          \
    } while (false)

class TestFaults : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LogPipeline> m_logging;

private Q_SLOTS:
    void initTestCase() { m_logging = std::make_unique<LogPipeline>(); }
    void cleanupTestCase() { m_logging.reset(); }

    void faultIsContained_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("cycle");
        const QStringList runningCycle{"Stopped>Starting", "Starting>Running", "Running>Faulted",
                                       "Faulted>BackingOff", "BackingOff>Starting"};
        QTest::newRow("std::bad_alloc in execute") << "bad_alloc"
                                                   << "std::bad_alloc" << runningCycle;
        QTest::newRow("std::runtime_error in execute") << "runtime_error"
                                                       << "the disk is full" << runningCycle;
        QTest::newRow("an int in execute")
            << "int"
            << "an exception not derived from std::exception" << runningCycle;
        QTest::newRow("std::runtime_error in onStart")
            << "start"
            << "cannot bind the port"
            << QStringList{"Stopped>Starting", "Starting>Faulted", "Faulted>BackingOff",
                           "BackingOff>Starting"};
    }

    // Two restarts, then it gives up; a start by hand revives it.
    void faultIsContained()
    {
        QFETCH(QString, kind);
        QFETCH(QString, error);
        QFETCH(QStringList, cycle);
        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(makeFaulty(kind), twoRestarts()));
        QVERIFY(bench.start());

        // While it faults and backs off, the rest goes on.
        QTRY_VERIFY(bench.events.of("faulty").contains("Faulted>BackingOff"));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());

        QTRY_COMPARE_WITH_TIMEOUT(bench.state("faulty"), ServiceState::GaveUp, 10000);
        const QStringList expected =
            cycle + cycle.mid(1) + cycle.mid(1, cycle.size() - 3) + QStringList{"Faulted>GaveUp"};
        QCOMPARE(bench.events.of("faulty"), expected);
        QCOMPARE(bench.host.status("faulty")->restartCount, 2);
        QCOMPARE(bench.host.status("faulty")->lastError, error);
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        const int row = bench.workers.rowOf("faulty");
        QCOMPARE(bench.workers.data(bench.workers.index(row, WorkerTableModel::StateColumn)),
                 QVariant("Gave up"));
        QCOMPARE(bench.workers.data(bench.workers.index(row, WorkerTableModel::RestartsColumn)),
                 QVariant(2));
        QCOMPARE(bench.workers.data(bench.workers.index(row, WorkerTableModel::MessageColumn)),
                 QVariant(error));
        QVERIFY(bench.logShows("faulty", "faulted"));
        QVERIFY(bench.logShows("faulty", error));
        QVERIFY(bench.logShows("faulty", "gave up"));

        // A start by hand gives it a fresh budget of two restarts.
        QVERIFY(bench.host.startService("faulty"));
        QTRY_COMPARE_WITH_TIMEOUT(bench.host.status("faulty")->restartCount, 4, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bench.state("faulty"), ServiceState::GaveUp, 10000);
        VERIFY_NO_PROBLEM(bench.restKeptWorking());

        QVERIFY(bench.stop());
        for (const QString &name : FaultBench::bystanderNames())
            QCOMPARE(bench.state(name), ServiceState::Stopped);
        QCOMPARE(bench.host.failures(),
                 QList<ServiceFailure>({{"faulty", FailureKind::GaveUp, error}}));
        QVERIFY(bench.events.chained());
        summary(QStringLiteral("fault %1: gave up after 2+2 restarts, error \"%2\"; "
                               "bystanders and models fine")
                    .arg(kind, error));
    }

    void throwFromStopIsContained()
    {
        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(
            std::make_unique<ThrowingHostedService>("faulty", ThrowingHostedService::Where::Stop)));
        QVERIFY(bench.start());

        QVERIFY(bench.host.stopService("faulty"));
        QTRY_COMPARE(bench.state("faulty"), ServiceState::Stopped);
        QCOMPARE(bench.host.status("faulty")->lastError, QStringLiteral("cannot flush the cache"));
        QVERIFY(bench.logShows("faulty", "error while stopping: cannot flush the cache"));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());

        // It starts again by hand, and throws again when the host stops.
        QVERIFY(bench.host.startService("faulty"));
        QTRY_COMPARE(bench.state("faulty"), ServiceState::Running);
        QVERIFY(bench.stop());
        QCOMPARE(bench.state("faulty"), ServiceState::Stopped);
        for (const QString &name : FaultBench::bystanderNames())
            QCOMPARE(bench.state(name), ServiceState::Stopped);
        QCOMPARE(bench.host.failures(), QList<ServiceFailure>({{"faulty", FailureKind::StopError,
                                                                "cannot flush the cache"}}));
        VERIFY_NO_PROBLEM(bench.modelsAgree());
        summary("fault throw in onStop: Stopped with the error recorded, twice; "
                "bystanders and models fine");
    }

    void restartStormFollowsTheBackoff_data()
    {
        QTest::addColumn<bool>("throws");
        QTest::newRow("returns at once") << false;
        QTest::newRow("throws at once") << true;
    }

    // Every run ends at once: the restarts follow the backoff schedule, and
    // the intensity limit stops them after maxRestarts.
    void restartStormFollowsTheBackoff()
    {
        QFETCH(bool, throws);
        ServiceOptions options;
        options.restartOnCompletion = !throws;
        options.restart.initialBackoff = 40ms;
        options.restart.backoffFactor = 2.0;
        options.restart.maxBackoff = 160ms;
        options.restart.maxRestarts = 6;
        const QList<qint64> schedule{40, 80, 160, 160, 160, 160};

        FaultBench bench(*m_logging);
        bench.addBystanders();
        auto *storm = new StormWorker("storm", throws);
        QVERIFY(bench.host.addService(std::unique_ptr<Service>(storm), options));
        QList<qint64> announced; // the delays the host published, in order
        connect(&bench.host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.service == "storm" && t.to == ServiceState::BackingOff)
                announced << bench.host.status("storm")->backoffDelay.count();
        });
        QVERIFY(bench.start());
        QVERIFY(bench.waitForState("storm", ServiceState::GaveUp));

        QCOMPARE(announced, schedule);
        QCOMPARE(bench.host.status("storm")->restartCount, 6);
        // The limit holds: no run after giving up.
        QVERIFY(!QTest::qWaitFor([&] { return storm->runs() > 7; }, 300));
        const auto starts = storm->runStarts();
        QCOMPARE(starts.size(), size_t(7));
        QList<qint64> intervals;
        for (size_t i = 1; i < starts.size(); ++i) {
            intervals << std::chrono::duration_cast<std::chrono::milliseconds>(starts[i] -
                                                                               starts[i - 1])
                             .count();
        }
        for (qsizetype i = 0; i < schedule.size(); ++i) {
            // Never early: a backoff is a minimum wait.
            QVERIFY2(intervals[i] >= schedule[i] && intervals[i] <= schedule[i] + lateToleranceMs,
                     qPrintable(joined(intervals)));
        }
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        const int row = bench.workers.rowOf("storm");
        QCOMPARE(bench.workers.data(bench.workers.index(row, WorkerTableModel::RestartsColumn)),
                 QVariant(6));
        QVERIFY(bench.logShows("storm", "gave up: 6 restarts within 60 s"));
        QVERIFY(bench.stop());
        summary(QStringLiteral("restart storm (%1): 6 restarts then GaveUp, 7 runs; delays %2 ms, "
                               "measured intervals %3 ms; no run in the 300 ms after")
                    .arg(throws ? "throws at once" : "returns at once", joined(schedule),
                         joined(intervals)));
    }

    // No backoff at all: 200 restarts as fast as threads start, then the
    // limit; the window and the bystanders ride it out.
    void tightRestartStormHitsTheLimit()
    {
        ServiceOptions options;
        options.restartOnCompletion = true;
        options.restart.initialBackoff = 0ms;
        options.restart.maxRestarts = 200;
        FaultBench bench(*m_logging);
        bench.addBystanders();
        auto *storm = new StormWorker("storm", false);
        QVERIFY(bench.host.addService(std::unique_ptr<Service>(storm), options));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(bench.start());
        QVERIFY(bench.waitForState("storm", ServiceState::GaveUp, 30000));
        const qint64 stormMs = clock.elapsed();
        QCOMPARE(storm->runs(), 201);
        QCOMPARE(bench.host.status("storm")->restartCount, 200);
        QVERIFY(!QTest::qWaitFor([&] { return storm->runs() > 201; }, 200));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        QCOMPARE(bench.workers.history("storm").size(), WorkerTableModel::historyLimit);
        QVERIFY(bench.stop());
        summary(QStringLiteral("tight restart storm (no backoff): 200 restarts then GaveUp in "
                               "%1 ms (%2 restarts/s)")
                    .arg(stormMs)
                    .arg(200.0 * 1000 / std::max<qint64>(1, stormMs), 0, 'f', 0));
    }

    // Its thread is abandoned, so it runs in a child process.
    void neverReturningWorkerMeetsTheDeadline()
    {
        constexpr int deadlineMs = 500;
        QTemporaryDir dir;
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {"--deadline-child", dir.path(), QString::number(deadlineMs)});
        QVERIFY(child.waitForFinished(30000));
        const QByteArray errors = child.readAllStandardError();
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QVERIFY2(child.exitCode() == int(ExitCode::AbandonedThreads), errors.constData());
        const QMap<QString, QString> report = readChildReport(child.readAllStandardOutput());
        QCOMPARE(report.value("started"), "yes");
        QCOMPARE(report.value("progress"), QString());
        QCOMPARE(report.value("stopped"), "yes");
        const qint64 shutdownMs = report.value("shutdown-ms").toLongLong();
        QVERIFY2(shutdownMs >= deadlineMs && shutdownMs <= deadlineMs + lateToleranceMs,
                 qPrintable(report.value("shutdown-ms")));
        QCOMPARE(report.value("state.hang"), "TimedOut");
        QCOMPARE(report.value("state.tick"), "Stopped");
        QCOMPARE(report.value("state.logger"), "Stopped");
        QCOMPARE(report.value("models"), QString());
        QCOMPARE(report.value("abandoned"), "1");

        QFile log(dir.filePath("workhost.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY(text.contains("[hang]") && text.contains("did not stop within the deadline"));
        QVERIFY(text.contains("1 service thread(s) never returned"));
        QVERIFY(text.contains("[tick]") && text.contains("stopped in"));
        summary(QStringLiteral("never-returning worker: shutdown took %1 ms for a %2 ms "
                               "deadline; hang TimedOut, tick and logger Stopped; 1 thread "
                               "abandoned; exit code 3")
                    .arg(shutdownMs)
                    .arg(deadlineMs));
    }

    void commandChildIgnoringSigterm()
    {
        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(
            shell("trap '' TERM; echo ready; while :; do sleep 0.05; done", 300ms)));
        QVERIFY(bench.start());
        QTRY_VERIFY_WITH_TIMEOUT(bench.logShows("cmd", "ready"), 10000);
        VERIFY_NO_PROBLEM(bench.restKeptWorking());

        QElapsedTimer clock;
        clock.start();
        QVERIFY(bench.host.stopService("cmd"));
        QVERIFY(bench.waitForState("cmd", ServiceState::Stopped));
        const qint64 stopMs = clock.elapsed();
        QVERIFY2(stopMs >= 300 && stopMs < 300 + 2000, qPrintable(QString::number(stopMs)));
        QVERIFY(bench.logShows("cmd", "sending SIGKILL"));
        VERIFY_NO_PROBLEM(survivorsProblem(bench, 1));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        QVERIFY(bench.stop());
        summary(QStringLiteral("command child ignoring SIGTERM: SIGKILLed after the 300 ms grace, "
                               "stopped in %1 ms, no survivor")
                    .arg(stopMs));
    }

    void commandChildWithGrandchildren_data()
    {
        QTest::addColumn<bool>("leavesThemBehind");
        QTest::newRow("stopped while they run") << false;
        QTest::newRow("exits and leaves them behind") << true;
    }

    void commandChildWithGrandchildren()
    {
        QFETCH(bool, leavesThemBehind);
        QTemporaryDir dir;
        // A child and a child shell with two children of its own, all sleeping 1000 s.
        const QString family =
            QStringLiteral(
                "sleep 1000 & sh -c 'sleep 1000 & sleep 1000 & touch %1/family; "
                "wait' & while [ ! -e %1/family ]; do sleep 0.01; done; touch %1/ready; ")
                .arg(dir.path());
        const QString ready = dir.filePath("ready");
        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(
            shell(family + (leavesThemBehind ? "sleep 1; exit 0" : "wait"), 2s)));
        QVERIFY(bench.start());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(ready), 10000);
        const QSet<qint64> groups = announcedGroups(bench.linesOf("cmd"));
        QCOMPARE(groups.size(), 1);
        const qsizetype familySize = survivors(groups).size();
        QVERIFY2(familySize >= 5, qPrintable(survivors(groups).join("; "))); // 2 sh, 3 sleep

        if (leavesThemBehind) {
            QTRY_COMPARE_WITH_TIMEOUT(bench.state("cmd"), ServiceState::Stopped, 10000);
            QCOMPARE(bench.host.status("cmd")->values.value("exitCode"), QVariant(0));
        } else {
            QVERIFY(bench.host.stopService("cmd"));
            QTRY_COMPARE_WITH_TIMEOUT(bench.state("cmd"), ServiceState::Stopped, 10000);
        }
        VERIFY_NO_PROBLEM(survivorsProblem(bench, 1));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        QVERIFY(bench.stop());
        summary(QStringLiteral("command child with grandchildren (%1): %2 processes in its group, "
                               "none left after")
                    .arg(leavesThemBehind ? "exits, leaving them" : "stopped")
                    .arg(familySize));
    }

    void commandChildExitingAtOnce()
    {
        ServiceOptions options;
        options.restartOnCompletion = true; // what "continuous" mode sets
        options.restart.initialBackoff = 20ms;
        options.restart.maxRestarts = 3;
        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(shell("exit 0"), options));
        QVERIFY(bench.start());
        QTRY_COMPARE_WITH_TIMEOUT(bench.state("cmd"), ServiceState::GaveUp, 10000);
        const ServiceStatus status = *bench.host.status("cmd");
        QCOMPARE(status.restartCount, 3);
        QCOMPARE(status.values.value("exitCode"), QVariant(0));
        QVERIFY(status.lastError.isEmpty());
        QCOMPARE(messagesOf(bench.linesOf("cmd")).count("exited with code 0"), 4);
        VERIFY_NO_PROBLEM(survivorsProblem(bench, 4));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        QVERIFY(bench.stop());
        summary("command child exiting at once: 4 runs, 3 restarts, then GaveUp; no survivor");
    }

    // One megabyte of random bytes: every line reaches the log, escaped.
    void commandChildWritingBinaryGarbage()
    {
        QTemporaryDir dir;
        QByteArray garbage(1000000, Qt::Uninitialized);
        QRandomGenerator random(8);
        for (char &byte : garbage)
            byte = static_cast<char>(random.bounded(256));
        // It holds what must be escaped: DEL, and C1 controls as UTF-8.
        QVERIFY(garbage.contains('\x7f') && garbage.contains("\xc2\x9b"));
        QFile file(dir.filePath("garbage"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(garbage);
        file.close();

        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(
            shell(QStringLiteral("cat %1; echo; echo end-of-garbage").arg(file.fileName()))));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(bench.start());
        QTRY_COMPARE_WITH_TIMEOUT(bench.state("cmd"), ServiceState::Stopped, 20000);
        const qint64 tookMs = clock.elapsed();
        QCOMPARE(bench.host.status("cmd")->values.value("exitCode"), QVariant(0));

        const QStringList output = childOutput(bench.linesOf("cmd"));
        const qsizetype expectedLines = garbage.count('\n') + 2;
        QVERIFY2(output.size() == expectedLines, qPrintable(output.join('\n').left(2000)));
        QCOMPARE(bench.host.status("cmd")->itemsDone, expectedLines);
        QCOMPARE(output.last(), QStringLiteral("end-of-garbage"));
        for (const QString &line : output) {
            const auto control = std::find_if(line.cbegin(), line.cend(), isControl);
            if (control != line.cend())
                QFAIL(qPrintable(QStringLiteral("U+%1 in a logged line: %2")
                                     .arg(control->unicode(), 4, 16, QLatin1Char('0'))
                                     .arg(line.left(200))));
        }
        VERIFY_NO_PROBLEM(survivorsProblem(bench, 1));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        QVERIFY(bench.stop());
        summary(QStringLiteral("command child writing 1 MB of random bytes: %1 lines logged, "
                               "escaped, in %2 ms")
                    .arg(output.size())
                    .arg(tookMs));
    }

    // One line of 10 MB: logged once, cut at maxLineBytes, and the next line intact.
    void commandChildWritingATenMegabyteLine()
    {
        FaultBench bench(*m_logging);
        bench.addBystanders();
        QVERIFY(bench.host.addService(
            shell("head -c 10485760 /dev/zero | tr '\\0' x; echo; echo after")));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(bench.start());
        QTRY_COMPARE_WITH_TIMEOUT(bench.state("cmd"), ServiceState::Stopped, 20000);
        const qint64 tookMs = clock.elapsed();
        const QString cut =
            QString(CommandWorker::maxLineBytes, 'x') +
            QStringLiteral(" [line cut at %1 bytes]").arg(CommandWorker::maxLineBytes);
        QCOMPARE(childOutput(bench.linesOf("cmd")), QStringList({cut, "after"}));
        QCOMPARE(bench.host.status("cmd")->itemsDone, 2);
        VERIFY_NO_PROBLEM(survivorsProblem(bench, 1));
        VERIFY_NO_PROBLEM(bench.restKeptWorking());
        QVERIFY(bench.stop());
        summary(QStringLiteral("command child writing a 10 MB line: logged once, cut at %1 "
                               "bytes, in %2 ms")
                    .arg(CommandWorker::maxLineBytes)
                    .arg(tookMs));
    }
};

int main(int argc, char *argv[])
{
    if (isDeadlineChild(argc, argv))
        return runDeadlineChild(argc, argv);
    QApplication app(argc, argv); // the table's state icons need a GUI application
    TestFaults test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_faults.moc"
