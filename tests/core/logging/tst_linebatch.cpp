// A LineBatch logged with logLines() comes out of every sink exactly as its
// lines logged one by one would: the same bytes in the file (rotation
// included) and on stderr (coloured or not), the same records in the live
// sink, the same levels and flushes; a sink without the batch interface gets
// each line; a full stderr queue counts every line it drops.

#include "support/recordingsink.h"
#include <workhost/logging/consolesink.h>
#include <workhost/logging/linebatch.h>
#include <workhost/logging/lineframe.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/loglevel.h>
#include <workhost/logging/rotatingfilesink.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>

#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr const char *pipelinePattern = "%Y-%m-%d %H:%M:%S.%e [%^%l%$] [%n] [%t] %v";

// One time for both ways of logging, so that their output can be compared.
const spdlog::log_clock::time_point fixedTime =
    spdlog::log_clock::time_point(std::chrono::milliseconds(1'764'646'800'123));

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QMap<QString, QByteArray> filesIn(const QString &dir)
{
    QMap<QString, QByteArray> files;
    for (const QString &name : QDir(dir).entryList(QDir::Files))
        files.insert(name, readFile(QDir(dir).filePath(name)));
    return files;
}

// Logs `lines` one by one, as spdlog's logger would, at the fixed time.
void logOneByOne(spdlog::logger &logger, spdlog::level::level_enum level,
                 const QByteArrayList &lines)
{
    for (const QByteArray &line : lines)
        logger.log(fixedTime, spdlog::source_loc{}, level,
                   spdlog::string_view_t(line.constData(), size_t(line.size())));
}

void logAsBatch(spdlog::logger &logger, spdlog::level::level_enum level,
                const QByteArrayList &lines)
{
    LineBatch batch(level);
    batch.stamp(fixedTime);
    for (const QByteArray &line : lines)
        batch.append(std::string_view(line.constData(), size_t(line.size())));
    logLines(logger, batch);
}

QByteArrayList numberedLines(int count, int width = 70)
{
    QByteArrayList lines;
    for (int i = 1; i <= count; ++i)
        lines << QByteArray::number(i).rightJustified(width, '0');
    return lines;
}

// A descriptor standing for stderr (a pipe, or a terminal: the master side
// of a pseudo-terminal), read without waiting.
struct Terminal
{
    explicit Terminal(bool isTty)
    {
        int fds[2] = {-1, -1};
        if (isTty) {
            QVERIFY(::openpty(&fds[0], &fds[1], nullptr, nullptr, nullptr) == 0);
        } else {
            QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
        }
        reader = fds[0];
        writer = fds[1];
        ::fcntl(reader, F_SETFL, O_NONBLOCK);
    }
    ~Terminal()
    {
        ::close(reader);
        ::close(writer);
    }
    QByteArray readAvailable()
    {
        QByteArray out;
        char chunk[65536];
        for (ssize_t n; (n = ::read(reader, chunk, sizeof chunk)) > 0;)
            out.append(chunk, n);
        return out;
    }
    int reader = -1;
    int writer = -1;
};

} // namespace

class TestLineBatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchesHoldTheirLines()
    {
        LineBatch batch(spdlog::level::warn);
        QVERIFY(batch.empty());
        batch.append("one");
        char *out = batch.beginLine(100);
        std::memcpy(out, "two", 3);
        batch.endLine(out + 3);
        batch.append("");
        QCOMPARE(batch.size(), size_t(3));
        QCOMPARE(batch.line(0), std::string_view("one"));
        QCOMPARE(batch.line(1), std::string_view("two"));
        QCOMPARE(batch.line(2), std::string_view(""));
        QCOMPARE(batch.bytes(), size_t(6));
        batch.clear();
        QVERIFY(batch.empty());
        QCOMPARE(batch.level(), spdlog::level::warn);
    }

    void theFileGetsTheBytesOfLinesLoggedOneByOne_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<int>("level");
        QTest::addColumn<QByteArrayList>("lines");

        const QByteArrayList mixed = {
            "plain", "", "UTF-8 \xc3\xbc\xe2\x82\xac", "a\\\\x41 b", QByteArray(70000, 'x'),
            "last"};
        QTest::newRow("the pipeline's pattern, info")
            << pipelinePattern << int(spdlog::level::info) << mixed;
        QTest::newRow("warnings") << pipelinePattern << int(spdlog::level::warn) << mixed;
        QTest::newRow("3,000 lines, several write blocks")
            << pipelinePattern << int(spdlog::level::info) << numberedLines(3000);
        QTest::newRow("text after the payload") << "<%v> [%n]" << int(spdlog::level::info) << mixed;
        // No frame: the payload padded, or twice; written line by line.
        QTest::newRow("padded payload") << "%-12v|" << int(spdlog::level::info) << mixed;
        QTest::newRow("payload twice") << "%v %v" << int(spdlog::level::info) << mixed;
        QTest::newRow("no payload") << "[%l]" << int(spdlog::level::info) << mixed;
    }

    void theFileGetsTheBytesOfLinesLoggedOneByOne()
    {
        QFETCH(QString, pattern);
        QFETCH(int, level);
        QFETCH(QByteArrayList, lines);
        QTemporaryDir dir;
        const auto sinkAt = [&](const QString &name) {
            auto sink = std::make_shared<RotatingFileSink>(
                QFile::encodeName(dir.filePath(name)).toStdString(), 1 << 30, 1);
            sink->set_pattern(pattern.toStdString());
            return sink;
        };
        auto oneByOne = sinkAt("one.log");
        auto batched = sinkAt("batch.log");
        spdlog::logger lineLogger("svc", oneByOne);
        spdlog::logger batchLogger("svc", batched);
        const auto asLevel = spdlog::level::level_enum(level);
        logOneByOne(lineLogger, asLevel, lines);
        logAsBatch(batchLogger, asLevel, lines);
        oneByOne->flush();
        batched->flush();
        const QByteArray expected = readFile(dir.filePath("one.log"));
        QCOMPARE(expected.count('\n'), lines.size());
        QCOMPARE(readFile(dir.filePath("batch.log")), expected);
    }

    void aBatchRotatesWhereLinesLoggedOneByOneDo()
    {
        QTemporaryDir oneDir;
        QTemporaryDir batchDir;
        const auto sinkIn = [](const QTemporaryDir &dir) {
            auto sink = std::make_shared<RotatingFileSink>(
                QFile::encodeName(dir.filePath("workhost.log")).toStdString(), 4000, 3);
            sink->set_pattern(pipelinePattern);
            return sink;
        };
        auto oneByOne = sinkIn(oneDir);
        auto batched = sinkIn(batchDir);
        spdlog::logger lineLogger("svc", oneByOne);
        spdlog::logger batchLogger("svc", batched);
        const QByteArrayList lines = numberedLines(200, 50);
        logOneByOne(lineLogger, spdlog::level::info, lines);
        logAsBatch(batchLogger, spdlog::level::info, lines);
        oneByOne->flush();
        batched->flush();
        const QMap<QString, QByteArray> expected = filesIn(oneDir.path());
        QCOMPARE(expected.size(), 4); // it rotated, and dropped the oldest
        QCOMPARE(filesIn(batchDir.path()), expected);
    }

    void stderrGetsTheBytesOfLinesLoggedOneByOne_data()
    {
        QTest::addColumn<bool>("terminal");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("pipe") << false << pipelinePattern;
        QTest::newRow("terminal, coloured level") << true << pipelinePattern;
        QTest::newRow("terminal, colour at the end") << true << "%v [%^%l%$]";
        QTest::newRow("terminal, colour around the payload") << true << "%^%l %v%$";
    }

    void stderrGetsTheBytesOfLinesLoggedOneByOne()
    {
        QFETCH(bool, terminal);
        QFETCH(QString, pattern);
        qputenv("TERM", "xterm");
        Terminal oneTerminal(terminal);
        Terminal batchTerminal(terminal);
        auto oneByOne = std::make_shared<ConsoleSink>(oneTerminal.writer);
        auto batched = std::make_shared<ConsoleSink>(batchTerminal.writer);
        QCOMPARE(batched->usesColour(), terminal);
        oneByOne->set_pattern(pattern.toStdString());
        batched->set_pattern(pattern.toStdString());
        spdlog::logger lineLogger("svc", oneByOne);
        spdlog::logger batchLogger("svc", batched);
        const QByteArrayList lines = {"one", "", "three \xc3\xbc", "four"};
        for (const auto level : {spdlog::level::info, spdlog::level::warn}) {
            logOneByOne(lineLogger, level, lines);
            logAsBatch(batchLogger, level, lines);
        }
        QByteArray expected;
        QByteArray got;
        // Terminals take the lines in their own time: wait until both have all.
        QVERIFY(QTest::qWaitFor([&] {
            expected += oneTerminal.readAvailable();
            got += batchTerminal.readAvailable();
            return expected.count('\n') == 8 && got.count('\n') == 8;
        }));
        QCOMPARE(expected.contains("\033["), terminal);
        QCOMPARE(got, expected);
    }

    void aFullStderrQueueCountsEveryLineItDrops()
    {
        Terminal stderrPipe(false); // never read while logging
        const size_t capacity = 100 * 1024;
        auto sink = std::make_shared<ConsoleSink>(stderrPipe.writer, capacity);
        sink->set_pattern("%v");
        spdlog::logger logger("svc", sink);
        const QByteArrayList lines = numberedLines(20000, 79); // 1.6 MB, 64 KiB pipe
        for (int i = 0; i < lines.size(); i += 1000)
            logAsBatch(logger, spdlog::level::info, lines.mid(i, 1000));
        QVERIFY(sink->droppedTotal() > 0);
        QByteArray written;
        QVERIFY(QTest::qWaitFor([&] {
            written += stderrPipe.readAvailable();
            return quint64(written.count('\n')) + sink->droppedTotal() == quint64(lines.size());
        }));
        // What was written is whole lines, in order.
        const QByteArrayList got = written.split('\n');
        qsizetype next = 0;
        for (const QByteArray &line : got.first(got.size() - 1)) {
            while (next < lines.size() && lines[next] != line)
                ++next;
            QVERIFY2(next < lines.size(), line.constData());
        }
    }

    void theLiveSinkGetsTheRecordsOfLinesLoggedOneByOne()
    {
        auto oneByOne = std::make_shared<LiveLogSink>();
        auto batched = std::make_shared<LiveLogSink>();
        int wakeUps = 0;
        const LiveLogSink::ReaderId reader = batched->addReader([&] { ++wakeUps; });
        spdlog::logger lineLogger("svc", oneByOne);
        spdlog::logger batchLogger("svc", batched);
        const QByteArrayList lines = {"one", "", "\xc3\xbc", "four"};
        logOneByOne(lineLogger, spdlog::level::warn, lines);
        logAsBatch(batchLogger, spdlog::level::warn, lines);
        QCOMPARE(wakeUps, 1);
        const LogRecords expected = oneByOne->readAfter(0).records;
        const LogRecords got = batched->read(reader, 0).records;
        QCOMPARE(got.size(), size_t(lines.size()));
        for (size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].sequence, quint64(i + 1));
            QCOMPARE(got[i].timeUsec, expected[i].timeUsec);
            QCOMPARE(got[i].level, LogLevel::Warning);
            QCOMPARE(got[i].service, QStringLiteral("svc"));
            QCOMPARE(got[i].threadId, expected[i].threadId);
            QCOMPARE(got[i].message, expected[i].message);
        }
        QCOMPARE(batched->produced(), quint64(lines.size()));
    }

    // A captured program's lines must not wait for the once-a-second flusher:
    // a user tailing the file sees a read's lines when they were read.
    void aBatchIsInTheFileWhenItIsLogged()
    {
        QTemporaryDir dir;
        auto file = std::make_shared<RotatingFileSink>(
            QFile::encodeName(dir.filePath("w.log")).toStdString(), 1 << 20, 1);
        file->set_pattern("%v");
        spdlog::logger logger("svc", file); // flushes on nothing
        logAsBatch(logger, spdlog::level::info, {"first", "second"});
        QCOMPARE(readFile(dir.filePath("w.log")), QByteArray("first\nsecond\n"));
    }

    void levelsFlushesAndOtherSinksAreAsForOneLine()
    {
        QTemporaryDir dir;
        auto file = std::make_shared<RotatingFileSink>(
            QFile::encodeName(dir.filePath("w.log")).toStdString(), 1 << 20, 1);
        file->set_pattern("%v");
        auto other = std::make_shared<test::RecordingSink>(); // spdlog's own interface only
        spdlog::logger logger("svc", {file, other});
        logger.flush_on(spdlog::level::warn);
        logger.set_level(spdlog::level::warn);

        logAsBatch(logger, spdlog::level::info, {"hidden"});
        QCOMPARE(other->count(), 0);

        logAsBatch(logger, spdlog::level::warn, {"a", "b"});
        QCOMPARE(other->lines(), QStringList({"[svc] a", "[svc] b"}));
        QCOMPARE(readFile(dir.filePath("w.log")), QByteArray("a\nb\n")); // flushed at once

        logger.set_level(spdlog::level::info);
        file->set_level(spdlog::level::err);
        logAsBatch(logger, spdlog::level::info, {"c"});
        file->flush();
        QCOMPARE(readFile(dir.filePath("w.log")), QByteArray("a\nb\n"));
        QCOMPARE(other->lines().last(), QStringLiteral("[svc] c"));
    }

    void frameOfThePipelinesPattern()
    {
        spdlog::pattern_formatter formatter(pipelinePattern);
        const spdlog::details::log_msg header(fixedTime, {}, "svc", spdlog::level::info, {});
        std::optional<LineFrame> frame = LineFrame::of(formatter, header);
        QVERIFY(frame);
        const QByteArray prefix = QByteArray::fromStdString(frame->prefix);
        const QByteArray end =
            " [info] [svc] [" + QByteArray::number(quint64(header.thread_id)) + "] ";
        QVERIFY2(prefix.endsWith(end), prefix.constData());
        QCOMPARE(frame->suffix, std::string("\n"));
        QVERIFY(frame->colour("<", ">"));
        QVERIFY(QByteArray::fromStdString(frame->prefix).contains(" [<info>] [svc] "));
    }
};

QTEST_GUILESS_MAIN(TestLineBatch)
#include "tst_linebatch.moc"
