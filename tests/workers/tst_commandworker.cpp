// The command worker against real processes: output to the log (every line,
// in order, its bytes recoverable, through the real sinks), exit codes, stop
// with SIGTERM then SIGKILL to the whole group, and no orphan left.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "workers/commandworker.h"
#include "workers/outputescaping.h"
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logpipeline.h>

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
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

std::unique_ptr<CommandWorker> program(const QString &path, const QStringList &arguments)
{
    CommandWorker::Settings settings;
    settings.program = path;
    settings.arguments = arguments;
    return std::make_unique<CommandWorker>("cmd", settings);
}

struct LoggedLine
{
    QByteArray level;
    QByteArray message;
};

// The lines `service` logged, in the log file's order. A line is
// "2026-12-02 03:39:27.123 [info] [cmd] [4242] message".
QList<LoggedLine> linesInFile(const QString &path, const QByteArray &service)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<LoggedLine> lines;
    const QByteArray tag = "] [" + service + "] [";
    for (const QByteArray &line : file.readAll().split('\n')) {
        const qsizetype levelEnd = line.indexOf(tag);
        const qsizetype threadEnd = line.indexOf("] ", levelEnd + tag.size());
        if (levelEnd < 25 || line.indexOf(" [") != 23 || threadEnd < 0)
            continue;
        lines.append({line.mid(25, levelEnd - 25), line.mid(threadEnd + 2)});
    }
    return lines;
}

// The messages between the program's start and its exit, but the host's own
// "started" (the service's, logged on the host's thread, at any place).
QByteArrayList programOutput(const QList<LoggedLine> &lines)
{
    QByteArrayList out;
    bool inside = false;
    for (const LoggedLine &line : lines) {
        if (line.message.startsWith("started ") && line.message.contains(" (pid "))
            inside = true;
        else if (line.message == "exited with code 0")
            break;
        else if (inside && line.message != "started")
            out << line.message;
    }
    return out;
}

// What a program's output must become in the log, as the bytes each message
// gives back: split at line feeds, a CR ending a line dropped, a line longer
// than maxLineBytes cut there, a last line without its line feed kept.
QByteArrayList expectedLines(const QByteArray &output)
{
    QByteArrayList lines = output.split('\n');
    if (lines.last().isEmpty())
        lines.removeLast();
    for (QByteArray &line : lines) {
        if (line.size() > CommandWorker::maxLineBytes)
            line.truncate(CommandWorker::maxLineBytes);
        else if (line.endsWith('\r'))
            line.chop(1);
    }
    return lines;
}

// Random lines of random bytes (invalid UTF-8, CR, NUL, controls), some
// plain text, lines at and just past the cut, a CRLF line, and a last line
// without its line feed.
QByteArray awkwardOutput()
{
    QRandomGenerator random(14);
    QByteArray out;
    for (int line = 0; line < 2000; ++line) {
        const int length = int(random.bounded(0, 300));
        const bool binary = line % 3 == 0;
        for (int i = 0; i < length; ++i) {
            char byte = binary ? char(random.bounded(256)) : char(random.bounded(0x20, 0x7f));
            out.append(byte == '\n' ? 'n' : byte);
        }
        out.append('\n');
        if (line == 500) {
            const qsizetype max = CommandWorker::maxLineBytes;
            out += QByteArray(max, 'a') + '\n' + QByteArray(max + 1, 'b') + '\n' +
                   QByteArray(max - 1, 'c') + "\r\n" + QByteArray(100000, 'd') + '\n' +
                   "crlf line\r\n" + "\r\n";
        }
    }
    return out + "last line, no line feed \xff";
}

// The live sink's messages as lines of the file, for programOutput().
QList<LoggedLine> liveAsLines(const QByteArrayList &messages)
{
    QList<LoggedLine> lines;
    for (const QByteArray &message : messages)
        lines.append({"", message});
    return lines;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

LogOptions fileAndLiveSink(const QTemporaryDir &dir)
{
    LogOptions options;
    options.fileDirectory = dir.filePath("logs");
    options.maxFileSize = size_t(1) << 30;
    options.live = true;
    options.liveCapacity = 1'000'000;
    options.liveBytes = size_t(512) << 20;
    return options;
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
        QCOMPARE(run.status().values.value("exitCode"), QVariant(0));
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
        QCOMPARE(run.status().values.value("exitCode"), QVariant(3));
    }

    // The pid and the exit code are named values any caller reads (the
    // window's details, a control client); its items are lines.
    void pidIsPublishedWhileTheProgramRuns()
    {
        const qsizetype before = m_sink->count();
        HostRunner run(shell("echo ready; while true; do sleep 0.05; done"));
        QCOMPARE(run.status().itemsUnit, ItemsUnit::lines());
        QVERIFY(run.start());
        QString started; // "[cmd] started sh (pid 4242)"
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QStringList lines = m_sink->lines().mid(before).filter("[cmd] started sh");
                started = lines.isEmpty() ? QString() : lines.first();
                return !started.isEmpty();
            },
            10000));
        const qint64 pid = started.section("(pid ", 1).chopped(1).toLongLong();
        QVERIFY2(pid > 0, qPrintable(started));
        QTRY_COMPARE(run.status().values.value("pid"), QVariant(pid));
        QVERIFY(run.stop());
        QVERIFY(!run.status().values.contains("pid")); // no program, no pid
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
        QCOMPARE(run.status().values.value("exitCode"), QVariant(2));
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

    // Through the real sinks: the file and the window's live sink each get
    // every line, in order, and each line gives back the program's bytes
    // (a cut line its first maxLineBytes, then the note that it was cut).
    void everyLineComesBackExactlyFromTheFileAndTheLiveSink()
    {
        QTemporaryDir dir;
        const QByteArray output = awkwardOutput();
        QVERIFY(writeFile(dir.filePath("output.bin"), output));
        LogPipeline pipeline(fileAndLiveSink(dir));
        HostRunner run(program("cat", {dir.filePath("output.bin")}));
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Stopped, 60000));
        pipeline.flush();

        const QByteArrayList expected = expectedLines(output);
        QCOMPARE(run.status().itemsDone, qint64(expected.size()));
        QByteArrayList live;
        for (const LogRecord &record : pipeline.liveSink()->readAfter(0).records) {
            if (record.service == QStringLiteral("cmd"))
                live << record.message.toUtf8();
        }
        const QList<LoggedLine> file = linesInFile(pipeline.filePath(), "cmd");
        for (const QByteArrayList &logged :
             {programOutput(file), programOutput(liveAsLines(live))}) {
            QCOMPARE(logged.size(), expected.size());
            const QByteArray cutNote = " [line cut at 65536 bytes]";
            for (qsizetype i = 0; i < expected.size(); ++i) {
                const bool cut = logged[i].endsWith(cutNote);
                const QByteArray text = cut ? logged[i].chopped(cutNote.size()) : logged[i];
                QVERIFY2(unescapeOutput(text) == expected[i],
                         qPrintable(QStringLiteral("line %1 of %2: %3 bytes logged, %4 expected")
                                        .arg(i + 1)
                                        .arg(expected.size())
                                        .arg(unescapeOutput(text).size())
                                        .arg(expected[i].size())));
                QCOMPARE(cut, expected[i].size() == CommandWorker::maxLineBytes &&
                                  !expected[i].startsWith('a'));
            }
        }
    }

    // A program that floods and exits at once: nothing it wrote is lost, and
    // its exit is logged after its last line.
    void aProgramThatExitsRightAfterWritingLosesNothing()
    {
        QTemporaryDir dir;
        LogPipeline pipeline(fileAndLiveSink(dir));
        constexpr int count = 200000;
        HostRunner run(program("seq", {"1", QString::number(count)}));
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Stopped, 60000));
        pipeline.flush();
        const QByteArrayList logged = programOutput(linesInFile(pipeline.filePath(), "cmd"));
        QCOMPARE(logged.size(), count);
        for (int i = 0; i < count; ++i) {
            if (logged[i] != QByteArray::number(i + 1))
                QFAIL(qPrintable(QStringLiteral("line %1 is \"%2\"")
                                     .arg(i + 1)
                                     .arg(QString::fromUtf8(logged[i]))));
        }
        QCOMPARE(run.status().itemsDone, count);
    }

    // stdout at info, stderr at warning, each in the order written.
    void stdoutAndStderrEachKeepTheirOrder()
    {
        QTemporaryDir dir;
        LogPipeline pipeline(fileAndLiveSink(dir));
        constexpr int count = 30000;
        HostRunner run(shell(QStringLiteral("(seq 1 %1 | sed s/^/e/ >&2) & "
                                            "seq 1 %1 | sed s/^/o/; wait")
                                 .arg(count)));
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Stopped, 60000));
        pipeline.flush();
        int out = 0;
        int err = 0;
        for (const LoggedLine &line : linesInFile(pipeline.filePath(), "cmd")) {
            if (line.level == "info" && line.message.startsWith('o'))
                QCOMPARE(line.message, "o" + QByteArray::number(++out));
            else if (line.level == "warning" && line.message.startsWith('e'))
                QCOMPARE(line.message, "e" + QByteArray::number(++err));
        }
        QCOMPARE(out, count);
        QCOMPARE(err, count);
        QCOMPARE(run.status().itemsDone, 2 * count);
    }
};

QTEST_GUILESS_MAIN(TestCommandWorker)
#include "tst_commandworker.moc"
