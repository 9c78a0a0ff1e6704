// Memory held for logging is bounded in bytes, and headless mode holds
// nothing for a window that does not exist: the real executable, headless,
// with a command worker printing 4,000 lines of 60,000 characters (240 MB of
// text; the command worker passes lines of up to 64 KiB on). The host's peak
// resident set must not grow with what it logged, and every line must still
// reach the log file whole, once, in order.

#include "support/workhostprocess.h"
#include <workhost/runtime/processexit.h>

#include <QFile>
#include <QTest>

#include <csignal>

using namespace workhost;
using namespace workhost::test;

namespace {

constexpr int floodLines = 4000;
constexpr int lineLength = 60000; // a five-digit line number, then 'x'
// The host's peak resident set, whatever it logged: about 31-33 MB in a
// Debug build (21 MB before headless kept a live sink for the control
// socket's logs stream; 48 MB while that stream encoded every record with no
// client), 125 MB under ASan+UBSan; it was 500 MB (Debug) when the live sink
// kept up to 65,536 records for a window that headless mode does not have.
constexpr qint64 peakBound = 200 * 1024 * 1024;
// Under AddressSanitizer, freed memory waits in a quarantine of 256 MB before
// it is reused, and 240 MB of text pass through the host: it would count
// what the host freed long ago. A smaller quarantine measures what it holds.
constexpr const char *sanitizerQuarantine = "quarantine_size_mb=32";

// Prints the lines, then a marker, then waits to be stopped.
QByteArray floodConfiguration()
{
    const QByteArray script = "line=$(head -c " + QByteArray::number(lineLength - 5) +
                              " /dev/zero | tr '\\\\0' x); i=1; while [ $i -le " +
                              QByteArray::number(floodLines) +
                              " ]; do printf '%05d%s\\\\n' $i \\\"$line\\\"; i=$((i+1)); done; "
                              "echo flood done; exec sleep 600";
    // One file, never rotated (1 GiB), so that every line can be counted in it.
    return R"({"logging": {"fileMaxSize": 1073741824},
               "workers": [{"name": "flood", "type": "command",
                            "settings": {"program": "/bin/sh", "arguments": ["-c", ")" +
           script + R"("]}}]})";
}

// Reads a file as it grows, keeping only what a search across two reads needs.
class GrowingFile
{
public:
    explicit GrowingFile(QString path)
        : m_file(std::move(path))
    {}

    bool contains(const QByteArray &text)
    {
        if (!m_file.isOpen() && !m_file.open(QIODevice::ReadOnly))
            return false;
        const QByteArray fresh = m_tail + m_file.readAll();
        if (fresh.contains(text))
            return true;
        m_tail = fresh.right(text.size());
        return false;
    }

private:
    QFile m_file;
    QByteArray m_tail;
};

// VmHWM, the peak resident set of a running process, in bytes; -1 if unknown.
qint64 peakResidentBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

struct FloodInFile
{
    int lines = 0;   // the worker's lines found
    int whole = 0;   // of which exactly as printed
    int inOrder = 0; // of which numbered one more than the previous
};

FloodInFile scanFlood(const QString &path)
{
    FloodInFile found;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return found;
    const QByteArray marker = "] [flood] [";
    int previous = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        const qsizetype at = line.indexOf(marker);
        if (at < 0)
            continue;
        const qsizetype message = line.indexOf("] ", at + marker.size()) + 2;
        const QByteArray text = line.mid(message).chopped(line.endsWith('\n') ? 1 : 0);
        bool numbered = false;
        const int number = text.left(5).toInt(&numbered);
        if (!numbered)
            continue; // the worker's own lines ("started ...", "flood done")
        ++found.lines;
        if (text.size() == lineLength && text.count('x') == lineLength - 5)
            ++found.whole;
        if (number == previous + 1)
            ++found.inOrder;
        previous = number;
    }
    return found;
}

} // namespace

class TestLogMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void longLinesDoNotGrowTheHeadlessHost()
    {
        QTemporaryDir home;
        WorkhostProcess host(home);
        // 240 MB on stderr that this test does not need: the file has it all.
        host.process.setStandardErrorFile(QProcess::nullDevice());
        const QString asan = qEnvironmentVariable("ASAN_OPTIONS");
        host.setEnvironment("ASAN_OPTIONS", asan.isEmpty() ? QString(sanitizerQuarantine)
                                                           : asan + ':' + sanitizerQuarantine);
        host.start({"--headless", "--config", writeFile(home, "flood.json", floodConfiguration())});
        QVERIFY(host.process.waitForStarted());

        GrowingFile log(host.logFile());
        QVERIFY2(QTest::qWaitFor([&] { return log.contains("] flood done"); }, 120000),
                 "the worker's lines did not all reach the log file in time");
        const qint64 peak = peakResidentBytes(host.pid());
        host.signal(SIGTERM);
        QCOMPARE(host.finish(), int(ExitCode::Success));

        const FloodInFile flood = scanFlood(host.logFile());
        QCOMPARE(flood.lines, floodLines);
        QCOMPARE(flood.whole, floodLines);
        QCOMPARE(flood.inOrder, floodLines);
        qInfo("peak resident set %.1f MB (bound %.0f MB) after %d lines of %d characters",
              double(peak) / 1e6, double(peakBound) / 1e6, floodLines, lineLength);
        QVERIFY(peak > 0);
        QVERIFY2(peak < peakBound,
                 qPrintable(
                     QStringLiteral("peak resident set %1 MB").arg(double(peak) / 1e6, 0, 'f', 1)));
    }
};

QTEST_GUILESS_MAIN(TestLogMemory)
#include "tst_logmemory.moc"
