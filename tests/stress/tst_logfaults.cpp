// No log failure can take the host down (issue 12): the real workhost binary,
// headless, with its log file on a full disk, its log folder replaced or
// unusable, its log file deleted or moved, and a stderr that nobody reads or
// that is closed. Each time the host keeps running, says what failed once,
// logs to the file again by itself when it can, and stops on SIGTERM with 0.
// Each scenario prints one "SUMMARY" line with what it measured.

#include "support/summary.h"
#include "support/workhostprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace workhost::test;

namespace {

// A heartbeat every 20 ms: a steady, numbered line. (No raw string
// literals in this file: moc 6.4 loses its way in them.)
QByteArray heartbeatConfig(int fileMaxSize = 10 * 1024 * 1024)
{
    return "{ \"logging\": { \"fileMaxSize\": " + QByteArray::number(fileMaxSize) +
           " }, \"workers\": [ { \"name\": \"beat\", \"type\": \"heartbeat\", "
           "\"settings\": { \"interval\": 0.02 } } ] }";
}

// `lines` numbered lines as fast as a shell can print them, then quiet.
QByteArray floodConfig(int lines)
{
    const QByteArray script = "i=0; while [ $i -lt " + QByteArray::number(lines) +
                              " ]; do echo \\\"flood line $i\\\"; i=$((i+1)); done; "
                              "exec sleep 1000";
    return "{ \"host\": { \"shutdownTimeout\": 10 }, \"workers\": [ { \"name\": "
           "\"flood\", \"type\": \"command\", \"settings\": { \"program\": \"sh\", "
           "\"arguments\": [\"-c\", \"" +
           script + "\"], \"stopGrace\": 1 } } ] }";
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The heartbeat numbers in `text`, in order.
QList<int> beats(const QByteArray &text)
{
    static const QRegularExpression beat(QStringLiteral("heartbeat #(\\d+):"));
    QList<int> numbers;
    auto it = beat.globalMatch(QString::fromUtf8(text));
    while (it.hasNext())
        numbers << it.next().captured(1).toInt();
    return numbers;
}

int lastBeat(const QByteArray &text)
{
    const QList<int> all = beats(text);
    return all.isEmpty() ? -1 : all.last();
}

// Every log file in the folder, the oldest first (workhost.N.log ... workhost.log).
QByteArray allLogFiles(const QString &folder)
{
    QByteArray all;
    for (int i = 100; i >= 1; --i)
        all += readFile(QStringLiteral("%1/workhost.%2.log").arg(folder).arg(i));
    return all + readFile(folder + QStringLiteral("/workhost.log"));
}

// Four endless floods, and a worker that ignores the stop for a minute:
// stopped first (reverse order), it keeps the floods running while the host
// stops.
// Four floods of at most 20,000 lines a second each: enough to fill a pipe
// at once, and slow enough that the rotated files (6 x 10 MB) still hold every
// line the test saw on stderr; unthrottled, capture outruns the rotation.
QByteArray floodsAndStubbornConfig()
{
    QByteArray workers;
    for (int i = 0; i < 4; ++i) {
        workers += "{ \"name\": \"flood" + QByteArray::number(i) +
                   "\", \"type\": \"command\", \"settings\": { \"program\": \"sh\", "
                   "\"arguments\": [\"-c\", \"i=0; while :; do echo \\\"flood line $i\\\"; "
                   "i=$((i+1)); [ $((i % 200)) -eq 0 ] && sleep 0.01; done\"], "
                   "\"stopGrace\": 1 } }, ";
    }
    return "{ \"host\": { \"shutdownTimeout\": 60 }, \"workers\": [ " + workers +
           "{ \"name\": \"stubborn\", \"type\": \"stubborn\", \"settings\": { "
           "\"ignoreStopFor\": 60 } } ] }";
}

// A 1 MiB tmpfs mounted on `path` for the test's lifetime (root only).
class SmallTmpfs
{
public:
    explicit SmallTmpfs(const QString &path)
        : m_path(QFile::encodeName(path))
    {
        QDir().mkpath(path);
        m_mounted = ::mount("tmpfs", m_path.constData(), "tmpfs", 0, "size=1m") == 0;
    }
    ~SmallTmpfs()
    {
        if (m_mounted)
            ::umount2(m_path.constData(), MNT_DETACH);
    }
    bool isMounted() const { return m_mounted; }

private:
    QByteArray m_path;
    bool m_mounted = false;
};

// Fills the file system under `path` until write(2) says it is full.
bool fillUp(const QString &path)
{
    QFile filler(path);
    if (!filler.open(QIODevice::WriteOnly))
        return false;
    const QByteArray block(4096, 'f');
    while (filler.write(block) == block.size() && filler.flush()) {
    }
    return true;
}

} // namespace

class TestLogFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Before: the flush thread threw, std::terminate flushed the same sink
    // and deadlocked; SIGTERM was never handled.
    void fullDiskIsSaidOnceAndTheHostStillStops()
    {
        if (!QFileInfo::exists("/dev/full"))
            QSKIP("no /dev/full here");
        QTemporaryDir home;
        const QString config = writeFile(home, "beat.json", heartbeatConfig());
        WorkhostProcess host(home);
        QVERIFY(QDir().mkpath(host.logDirectory()));
        QVERIFY(QFile::link("/dev/full", host.logFile()));
        host.start({"--headless", "--config", config});
        QVERIFY2(host.waitForError("cannot be written"), qPrintable(host.err));
        const int beatAtFailure = lastBeat(host.err.toUtf8());
        QVERIFY(host.waitForError(QStringLiteral("heartbeat #%1:").arg(beatAtFailure + 10)));
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), 0);
        QCOMPARE(host.err.count("cannot be written"), 1);
        QVERIFY(host.err.contains("No space left on device"));
        summary(QStringLiteral("full-disk: exit 0 on SIGTERM, failure said %1 time(s), "
                               "%2 beats after it")
                    .arg(host.err.count("cannot be written"))
                    .arg(lastBeat(host.err.toUtf8()) - beatAtFailure));
    }

    void fullTmpfsRecoversWhenSpaceReturns()
    {
        QTemporaryDir home;
        const QString config = writeFile(home, "beat.json", heartbeatConfig());
        WorkhostProcess host(home);
        SmallTmpfs tmpfs(host.logDirectory());
        if (!tmpfs.isMounted())
            QSKIP("cannot mount a tmpfs here (needs root)");
        const QString filler = host.logDirectory() + "/filler";
        QVERIFY(fillUp(filler));
        host.start({"--headless", "--config", config});
        QVERIFY2(host.waitForError("cannot be written"), qPrintable(host.err));
        QVERIFY(host.err.contains("No space left on device"));
        const int beatAtFailure = lastBeat(host.err.toUtf8());
        QVERIFY(host.waitForError(QStringLiteral("heartbeat #%1:").arg(beatAtFailure + 10)));

        QElapsedTimer sinceSpace;
        QVERIFY(QFile::remove(filler));
        sinceSpace.start();
        QVERIFY2(host.waitForError("is written again"), qPrintable(host.err.right(2000)));
        const qint64 recoveredMs = sinceSpace.elapsed();
        const int beatAtRecovery = lastBeat(host.err.toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(lastBeat(readFile(host.logFile())) > beatAtRecovery, 30000);
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), 0);
        QCOMPARE(host.err.count("cannot be written"), 1);
        QCOMPARE(host.err.count("is written again"), 1);
        static const QRegularExpression lost(QStringLiteral("(\\d+) lines were lost"));
        summary(QStringLiteral("full-tmpfs: back in the file %1 ms after space returned, "
                               "%2 lines lost, exit 0")
                    .arg(recoveredMs)
                    .arg(lost.match(host.err).captured(1)));
    }

    // Before: SIGSEGV (spdlog's rotating sink wrote through a null FILE*) or
    // a deadlock.
    void logFolderReplacedByAFileWhileRunning()
    {
        QTemporaryDir home;
        // Small files: it rotates several times a second, in a folder that is gone.
        const QString config = writeFile(home, "beat.json", heartbeatConfig(2048));
        WorkhostProcess host(home);
        host.start({"--headless", "--config", config});
        QTRY_VERIFY_WITH_TIMEOUT(lastBeat(readFile(host.logFile())) >= 0, 30000);
        const QString folder = host.logDirectory();
        QVERIFY(QDir().rename(folder, folder + ".old"));
        QVERIFY(QFile(folder).open(QIODevice::WriteOnly)); // a file where the folder was
        QVERIFY2(host.waitForError("cannot be written"), qPrintable(host.err.right(2000)));
        QVERIFY(host.err.contains("Not a directory"));
        const int beatAtFailure = lastBeat(host.err.toUtf8());
        QVERIFY(host.waitForError(QStringLiteral("heartbeat #%1:").arg(beatAtFailure + 10)));

        QElapsedTimer sinceBack;
        QVERIFY(QFile::remove(folder)); // the host makes the folder again
        sinceBack.start();
        QVERIFY2(host.waitForError("is written again"), qPrintable(host.err.right(2000)));
        const qint64 recoveredMs = sinceBack.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(lastBeat(allLogFiles(folder)) > beatAtFailure + 10, 30000);
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), 0);
        QCOMPARE(host.err.count("cannot be written"), 1);
        summary(QStringLiteral("folder-replaced: no crash, back in the file %1 ms after the "
                               "folder could be made again, exit 0")
                    .arg(recoveredMs));
    }

    // Before: exit 134, an uncaught spdlog::spdlog_ex.
    void unusableFolderAtStartRunsWithStderrOnly()
    {
        QTemporaryDir home;
        const QString config = writeFile(home, "beat.json", heartbeatConfig());
        WorkhostProcess host(home);
        QVERIFY(QDir().mkpath(QFileInfo(host.logDirectory()).path()));
        QVERIFY(QFile(host.logDirectory()).open(QIODevice::WriteOnly));
        host.start({"--headless", "--config", config});
        QVERIFY2(host.waitForError("heartbeat #3:"), qPrintable(host.err));
        // Two lines say it: the lock's (before logging starts) and the file's.
        const QStringList lines = host.err.split('\n');
        QVERIFY2(lines.value(0).startsWith("workhost: warning: cannot lock"), qPrintable(host.err));
        const QString warning = lines.value(1);
        QVERIFY2(warning.contains("[warning]") && warning.contains(host.logFile()) &&
                     warning.contains("Not a directory"),
                 qPrintable(host.err));
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), 0);
        QCOMPARE(host.err.count("cannot be written"), 1);
        summary(QStringLiteral("unusable-folder-at-start: runs on stderr, one warning, exit 0"));
    }

    // Before: the lines went on into the deleted (or moved) file until the
    // next rotation, 10 MB later.
    void logFileDeletedOrMovedIsReplaced_data()
    {
        QTest::addColumn<bool>("moved");
        QTest::newRow("deleted") << false;
        QTest::newRow("moved away") << true;
    }
    void logFileDeletedOrMovedIsReplaced()
    {
        QFETCH(bool, moved);
        QTemporaryDir home;
        const QString config = writeFile(home, "beat.json", heartbeatConfig());
        WorkhostProcess host(home);
        host.start({"--headless", "--config", config});
        QTRY_VERIFY_WITH_TIMEOUT(lastBeat(readFile(host.logFile())) >= 5, 30000);
        const QString aside = host.logDirectory() + "/aside.log";
        QElapsedTimer sinceGone;
        if (moved)
            QVERIFY(QFile::rename(host.logFile(), aside));
        else
            QVERIFY(QFile::remove(host.logFile()));
        sinceGone.start();
        QTRY_VERIFY_WITH_TIMEOUT(lastBeat(readFile(host.logFile())) >= 0, 30000);
        const qint64 replacedMs = sinceGone.elapsed();
        QTRY_VERIFY_WITH_TIMEOUT(beats(readFile(host.logFile())).size() >= 5, 30000);
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), 0);

        const QList<int> after = beats(readFile(host.logFile()));
        QVERIFY(readFile(host.logFile()).contains("reopened the log file"));
        QString lost = QStringLiteral("unknown (deleted)");
        if (moved) { // the moved file keeps every line up to the reopening, the new one the rest
            const QList<int> before = beats(readFile(aside));
            QCOMPARE(after.first(), before.last() + 1);
            lost = QStringLiteral("0");
        }
        summary(QStringLiteral("log-file-%1: a new file within %2 ms, lines lost: %3, exit 0")
                    .arg(moved ? "moved" : "deleted")
                    .arg(replacedMs)
                    .arg(lost));
    }

    // Before: every thread, the main one included, blocked behind the
    // console sink's write(2); SIGTERM was never acted on.
    void stderrNobodyReadsNeverStopsTheHost()
    {
        QTemporaryDir home;
        const int lines = 100000; // ~3 MB on stderr: more than the pipe and the queue
        const QString config = writeFile(home, "flood.json", floodConfig(lines));
        const QString fifo = home.filePath("stderr.fifo");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        // Held open, never read: the pipe fills and stays full.
        const int held = ::open(QFile::encodeName(fifo).constData(), O_RDWR | O_CLOEXEC);
        QVERIFY(held >= 0);
        WorkhostProcess host(home);
        host.process.setStandardErrorFile(fifo);
        host.start({"--headless", "--config", config});
        const QString last = QStringLiteral("flood line %1\n").arg(lines - 1);
        QTRY_VERIFY_WITH_TIMEOUT(allLogFiles(host.logDirectory()).contains(last.toUtf8()), 60000);
        host.signal(SIGTERM);
        const int code = host.finish(30000);
        ::close(held);
        QCOMPARE(code, 0);

        const QByteArray log = allLogFiles(host.logDirectory());
        qsizetype at = 0;
        for (int i = 0; i < lines; ++i) { // every line, in order
            at = log.indexOf(QByteArrayLiteral("] flood line ") + QByteArray::number(i) + '\n', at);
            QVERIFY2(at >= 0, qPrintable(QString::number(i)));
        }
        static const QRegularExpression said(
            QStringLiteral("(\\d+) lines not written to stderr: it was not being read"));
        const QRegularExpressionMatch dropped = said.match(QString::fromUtf8(log));
        QVERIFY(dropped.hasMatch());
        QVERIFY(dropped.captured(1).toInt() > 0);
        summary(QStringLiteral("stderr-not-read: exit 0 on SIGTERM, %1 of %1 lines in the file, "
                               "%2 not written to stderr (said in the file)")
                    .arg(lines)
                    .arg(dropped.captured(1)));
    }

    // Before: `workhost --headless 2>&1 | sed '/started/q'` died of SIGPIPE at
    // the next line, with the last second of the file unflushed.
    void stderrReaderGoneTheHostGoesOn()
    {
        QTemporaryDir home;
        const QString config = writeFile(home, "beat.json", heartbeatConfig());
        const QString fifo = home.filePath("stderr.fifo");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        // The only reader: once it closes, the host's writes get EPIPE.
        int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        QVERIFY(reader >= 0);
        WorkhostProcess host(home);
        host.process.setStandardErrorFile(fifo);
        host.start({"--headless", "--config", config});
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                char buffer[4096];
                for (ssize_t n; (n = ::read(reader, buffer, sizeof buffer)) > 0;)
                    seen.append(buffer, n);
                return seen.contains("host started");
            }(),
            30000);
        ::close(reader); // as sed's `q`
        const int beatAtClose = lastBeat(seen);
        QTRY_VERIFY_WITH_TIMEOUT(readFile(host.logFile()).contains("stderr cannot be written"),
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(lastBeat(readFile(host.logFile())) > beatAtClose + 20, 30000);
        QCOMPARE(host.process.state(), QProcess::Running);
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), 0);
        const QByteArray log = readFile(host.logFile());
        QCOMPARE(log.count("stderr cannot be written (Broken pipe)"), 1);
        QVERIFY(log.contains("exiting with status 0"));
        summary(QStringLiteral("stderr-closed: not killed by SIGPIPE, %1 beats logged to the "
                               "file after, exit 0")
                    .arg(lastBeat(log) - beatAtClose));
    }

    // Before: lines that reached stderr were not in the file (logged after
    // the last flush, before std::_Exit), most often with a slow reader.
    void secondCtrlCUnderAFloodLosesNoLineOfStderr()
    {
        QTemporaryDir home;
        const QString config = writeFile(home, "flood.json", floodsAndStubbornConfig());
        const QString fifo = home.filePath("stderr.fifo");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const int reader =
            ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        QVERIFY(reader >= 0);
        const int pipeSize = ::fcntl(reader, F_GETPIPE_SZ);
        WorkhostProcess host(home);
        host.process.setStandardErrorFile(fifo);
        host.start({"--headless", "--config", config});
        QByteArray err;
        // Reads at most `most` bytes of what is there; true at the end of the stream.
        auto readSome = [&](size_t most) {
            std::vector<char> buffer(most);
            const ssize_t n = ::read(reader, buffer.data(), buffer.size());
            if (n > 0)
                err.append(buffer.data(), n);
            return n == 0;
        };
        const size_t all = size_t(pipeSize);
        // stderr drops lines under this flood (bounded): wait on the file.
        QTRY_VERIFY_WITH_TIMEOUT(
            (readSome(all), readFile(host.logFile()).contains("flood line 2000")), 30000);
        host.signal(SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(
            (readSome(all), allLogFiles(host.logDirectory()).contains("press Ctrl+C again")),
            30000);
        // A reader that lags: the pipe fills while the floods go on, and it
        // reads slowly while the host leaves.
        // A pipe counts 4 KiB slots, not bytes: written in pieces of any size,
        // it is full (the writer blocks) with 80 % of its bytes in it or less.
        int queued = 0;
        QTRY_VERIFY_WITH_TIMEOUT(::ioctl(reader, FIONREAD, &queued) == 0 && queued >= pipeSize / 2,
                                 30000);
        host.signal(SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(readSome(4096), 120000);
        ::close(reader);
        QCOMPARE(host.finish(), 3);

        const QByteArray log = allLogFiles(host.logDirectory());
        QList<QByteArray> lines = err.split('\n');
        lines.removeLast(); // cut short, or empty
        int missing = 0;
        for (const QByteArray &line : lines)
            missing += !log.contains(line + '\n');
        QCOMPARE(missing, 0);
        summary(QStringLiteral("second-ctrl-c: %1 lines on stderr, %2 of them not in the file, "
                               "exit 3")
                    .arg(lines.size())
                    .arg(missing));
    }
};

QTEST_GUILESS_MAIN(TestLogFaults)
#include "tst_logfaults.moc"
