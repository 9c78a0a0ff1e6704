// The command worker against real processes: output to the log, exit codes,
// stop with SIGTERM then SIGKILL to the whole group, and no orphan left.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "workers/commandworker.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<CommandWorker> shell(const QString &script,
                                     CommandWorker::Mode mode = CommandWorker::Mode::Continuous,
                                     std::chrono::milliseconds grace = 10s,
                                     std::chrono::milliseconds interval = 60s)
{
    CommandWorker::Settings settings;
    settings.program = "sh";
    settings.arguments = {"-c", script};
    settings.mode = mode;
    settings.stopGrace = grace;
    settings.interval = interval;
    return std::make_unique<CommandWorker>("cmd", settings);
}

// A process is gone when it no longer exists or is a zombie nobody reaped yet.
bool processGone(qint64 pid)
{
    if (::kill(static_cast<pid_t>(pid), 0) != 0)
        return true;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    return text.mid(text.lastIndexOf(')') + 2, 1) == "Z";
}

QList<qint64> pidsIn(const QString &file)
{
    QFile f(file);
    QList<qint64> pids;
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (!line.trimmed().isEmpty())
                pids << line.trimmed().toLongLong();
        }
    }
    return pids;
}

} // namespace

class TestCommandWorker : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void outputGoesToTheLogAndCleanExitCompletes()
    {
        const qsizetype before = m_sink->count();
        HostRunner run(shell("echo hello; echo oops >&2; echo bye"));
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Stopped));
        const QStringList lines = m_sink->lines().mid(before);
        QVERIFY2(lines.contains("[cmd] hello"), qPrintable(lines.join('\n')));
        QVERIFY(lines.contains("[cmd] oops"));
        QVERIFY(lines.contains("[cmd] bye"));
        QVERIFY(lines.contains("[cmd] exited with code 0"));
        QCOMPARE(run.status().exitCode, 0);
        QCOMPARE(run.status().itemsDone, 3);
        QVERIFY(run.status().lastError.isEmpty());
    }

    void failingExitIsAFault()
    {
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::Ignore;
        HostRunner run(shell("echo about to fail; exit 3"), options);
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Faulted));
        QCOMPARE(run.status().lastError, QStringLiteral("exited with code 3"));
        QCOMPARE(run.status().exitCode, 3);
    }

    void programThatCannotStartIsAFault()
    {
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::Ignore;
        CommandWorker::Settings settings;
        settings.program = "/nonexistent/program";
        HostRunner run(std::make_unique<CommandWorker>("cmd", settings), options);
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Faulted));
        QVERIFY2(run.status().lastError.startsWith("cannot start \"/nonexistent/program\""),
                 qPrintable(run.status().lastError));
    }

    void stopWithSigtermThatIsTrapped()
    {
        QTemporaryDir dir;
        HostRunner run(shell(
            "trap 'echo got TERM; exit 0' TERM; echo ready; while true; do sleep 0.05; done"));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return m_sink->contains("[cmd] ready"); }, 10000));
        QVERIFY(run.stop());
        QCOMPARE(run.state(), ServiceState::Stopped);
        QVERIFY(m_sink->contains("[cmd] got TERM"));
    }

    void sigtermIgnoredWithChildrenThenKilledWithNoOrphan()
    {
        QTemporaryDir dir;
        const QString pids = dir.filePath("pids");
        // Ignores SIGTERM, and leaves a child and a grandchild of its own.
        const QString script =
            QStringLiteral(
                "trap '' TERM; sleep 300 & echo $! >> %1; "
                "sh -c 'trap \"\" TERM; sleep 300 & echo $! >> %1; wait' & echo $! >> %1; "
                "echo ready; wait")
                .arg(pids);
        HostRunner run(shell(script, CommandWorker::Mode::Continuous, 300ms));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor(
            [&] { return pidsIn(pids).size() == 3 && m_sink->contains("[cmd] ready"); }, 10000));
        for (const qint64 pid : pidsIn(pids))
            QVERIFY(!processGone(pid));

        QVERIFY(run.stop());
        QCOMPARE(run.state(), ServiceState::Stopped); // killed within the grace, not TimedOut
        QVERIFY(m_sink->contains("sending SIGKILL"));
        for (const qint64 pid : pidsIn(pids))
            QTRY_VERIFY2(processGone(pid), qPrintable(QString::number(pid)));
    }

    void graceNeverOutlastsTheHostDeadline()
    {
        HostOptions hostOptions;
        hostOptions.shutdownTimeout = 1s;
        HostRunner run(shell("trap '' TERM; echo ready; while true; do sleep 0.05; done",
                             CommandWorker::Mode::Continuous, 60s),
                       {}, hostOptions);
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return m_sink->contains("[cmd] ready"); }, 10000));
        QVERIFY(run.stop());
        // A 60 s grace inside a 1 s deadline: killed in time, so Stopped, not TimedOut.
        QCOMPARE(run.state(), ServiceState::Stopped);
    }

    void intervalModeRunsAgainAndAgain()
    {
        const qsizetype before = m_sink->count();
        HostRunner run(shell("echo tick; exit 2", CommandWorker::Mode::Interval, 10s, 50ms));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor(
            [&] { return m_sink->lines().mid(before).count("[cmd] tick") >= 3; }, 10000));
        QCOMPARE(run.state(), ServiceState::Running); // a failing run does not end interval mode
        QCOMPARE(run.status().exitCode, 2);
        QVERIFY(run.stop());
    }

    void longLinesAndBinaryOutputAreTamed()
    {
        const qsizetype before = m_sink->count();
        HostRunner run(shell("head -c 200000 /dev/zero | tr '\\0' x; echo; printf "
                             "'a\\001\\002b\\377c\\n'; echo end"));
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Stopped));
        const QStringList lines = m_sink->lines().mid(before);
        const QString cut = QStringLiteral("[cmd] ") + QString(CommandWorker::maxLineBytes, 'x') +
                            QStringLiteral(" [line cut at 65536 bytes]");
        QVERIFY(lines.contains(cut));
        QVERIFY2(lines.contains(QStringLiteral("[cmd] a\\x01\\x02b\\xffc")),
                 qPrintable(lines.join('\n').right(300)));
        QVERIFY(lines.contains("[cmd] end"));
    }
};

QTEST_GUILESS_MAIN(TestCommandWorker)
#include "tst_commandworker.moc"
