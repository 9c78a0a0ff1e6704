// stderr as a reader sees it: every line when it reads, never a blocked
// logger when it does not (what was dropped is counted and said), nothing
// more after a seal, and a reader that is gone is given up for good.

#include <workhost/logging/consolesink.h>

#include <QTest>

#include <spdlog/logger.h>

#include <csignal>
#include <thread>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

// A pipe standing for stderr; the test decides whether its reader reads.
struct Pipe
{
    Pipe()
    {
        int fds[2];
        QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
        reader = fds[0];
        writer = fds[1];
    }
    ~Pipe()
    {
        if (reader >= 0)
            ::close(reader);
        ::close(writer);
    }
    // Reads what is there now, without waiting.
    QByteArray readAvailable()
    {
        QByteArray out;
        int available = 0;
        while (::ioctl(reader, FIONREAD, &available) == 0 && available > 0) {
            QByteArray chunk(available, Qt::Uninitialized);
            const ssize_t n = ::read(reader, chunk.data(), size_t(available));
            if (n <= 0)
                break;
            out += chunk.left(n);
        }
        return out;
    }
    void closeReader()
    {
        ::close(reader);
        reader = -1;
    }
    int reader = -1;
    int writer = -1;
};

QStringList texts(const SinkNotices &notices)
{
    QStringList out;
    for (const SinkNotice &notice : notices)
        out << QString::fromStdString(notice.text);
    return out;
}

// Adds what the sink says now to `said`; true once anything was said.
bool collect(ConsoleSink &sink, SinkNotices &said)
{
    for (SinkNotice &notice : sink.notices())
        said.push_back(std::move(notice));
    return !said.empty();
}

// The sum of the counts in "N lines not written to stderr" notices.
quint64 droppedSaid(const SinkNotices &said)
{
    quint64 sum = 0;
    for (const QString &text : texts(said)) {
        if (text.endsWith(" lines not written to stderr: it was not being read"))
            sum += text.section(' ', 0, 0).toULongLong();
    }
    return sum;
}

std::shared_ptr<ConsoleSink> makeSink(int fd, size_t capacity = 1024 * 1024)
{
    auto sink = std::make_shared<ConsoleSink>(fd, capacity);
    sink->set_pattern("[%n] %v");
    return sink;
}

} // namespace

class TestConsoleSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        std::signal(SIGPIPE, SIG_IGN); // as main() does: EPIPE, not death
    }

    void readerGetsEveryLineInOrder()
    {
        Pipe pipe;
        auto sink = makeSink(pipe.writer);
        QVERIFY(!sink->usesColour()); // a pipe is not a terminal
        spdlog::logger logger("svc", sink);
        QByteArray expected;
        QByteArray seen;
        for (int i = 0; i < 20000; ++i) {
            logger.info("line {}", i);
            expected += "[svc] line " + QByteArray::number(i) + '\n';
            if (i % 1000 == 0)
                seen += pipe.readAvailable();
        }
        QTRY_VERIFY_WITH_TIMEOUT((seen += pipe.readAvailable(), seen.size() >= expected.size()),
                                 30000);
        QCOMPARE(seen, expected);
        QCOMPARE(sink->droppedTotal(), 0u);
        QVERIFY(sink->notices().empty());
    }

    // The logger never waits for a reader that does not read: lines beyond
    // the queue are dropped and counted, and said once the reader is back.
    void readerThatDoesNotReadNeverBlocksTheLogger()
    {
        Pipe pipe;
        const size_t capacity = 64 * 1024;
        auto sink = makeSink(pipe.writer, capacity);
        spdlog::logger logger("svc", sink);
        const int lines = 50000; // ~1.4 MB: far more than the pipe and the queue
        for (int i = 0; i < lines; ++i)
            logger.info("line {:>8} nobody reads", i);
        QVERIFY(sink->droppedTotal() > 0);

        // Read everything; each drop is said once the writer is past it.
        QByteArray seen;
        SinkNotices said;
        QTRY_VERIFY_WITH_TIMEOUT((seen += pipe.readAvailable(), collect(*sink, said),
                                  droppedSaid(said) == sink->droppedTotal()),
                                 30000);
        QCOMPARE(droppedSaid(said), sink->droppedTotal());
        QCOMPARE(texts(said).filter("lines not written to stderr").size(), said.size());
        // What was written is whole lines, and with the dropped ones makes all.
        QTRY_VERIFY_WITH_TIMEOUT((seen += pipe.readAvailable(), seen.endsWith('\n')), 30000);
        QCOMPARE(quint64(seen.count('\n')) + sink->droppedTotal(), quint64(lines));
    }

    void sealWritesWhatIsQueuedThenNothing()
    {
        Pipe pipe;
        auto sink = makeSink(pipe.writer);
        spdlog::logger logger("svc", sink);
        for (int i = 0; i < 100; ++i)
            logger.info("before {}", i);
        sink->seal(30s); // the pipe holds them all: it drains at once
        logger.info("after");
        const QByteArray seen = pipe.readAvailable();
        QCOMPARE(seen.count('\n'), 100);
        QVERIFY(seen.endsWith("[svc] before 99\n"));
        QVERIFY(pipe.readAvailable().isEmpty());
    }

    void sealDoesNotWaitForAReaderThatDoesNotRead()
    {
        Pipe pipe;
        auto sink = makeSink(pipe.writer);
        spdlog::logger logger("svc", sink);
        for (int i = 0; i < 50000; ++i)
            logger.info("line {:>8} nobody reads", i);
        sink->seal(100ms); // returns, with the writer blocked in write(2)
        logger.info("after the seal");
        // Read: the batch under way comes out whole, the line after the seal never.
        QByteArray seen;
        QTRY_VERIFY_WITH_TIMEOUT((seen += pipe.readAvailable(), seen.endsWith('\n')), 30000);
        QVERIFY(seen.count('\n') < 50000);
        QVERIFY(!seen.contains("after the seal"));
    }

    void readerGoneStopsStderrForGoodAndSaysSoOnce()
    {
        Pipe pipe;
        auto sink = makeSink(pipe.writer);
        spdlog::logger logger("svc", sink);
        pipe.closeReader();
        SinkNotices said;
        QTRY_VERIFY_WITH_TIMEOUT((logger.info("into a closed pipe"), collect(*sink, said)), 30000);
        QCOMPARE(said.size(), size_t(1));
        QVERIFY2(texts(said)[0].contains("Broken pipe"), qPrintable(texts(said)[0]));
        for (int i = 0; i < 1000; ++i)
            logger.info("still nothing");
        QVERIFY(sink->notices().empty()); // said once
    }

    void colourOnlyOnATerminal()
    {
        const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
        if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
            QSKIP("no pseudo-terminal here");
        const int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
        QVERIFY(terminal >= 0);
        const QByteArray term = qgetenv("TERM");
        qputenv("TERM", "xterm");
        {
            auto sink = makeSink(terminal);
            QVERIFY(sink->usesColour());
            sink->set_pattern("[%^%l%$] %v");
            spdlog::logger logger("svc", sink);
            logger.info("green");
            QByteArray seen;
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    char buffer[256];
                    const ssize_t n = ::read(master, buffer, sizeof buffer);
                    if (n > 0)
                        seen.append(buffer, n);
                    return seen.contains("green");
                }(),
                30000);
            QVERIFY2(seen.startsWith("[\033[32minfo\033[m] green"), seen.toHex().constData());
        }
        qputenv("TERM", term);
        ::close(terminal);
        ::close(master);
    }
};

QTEST_GUILESS_MAIN(TestConsoleSink)
#include "tst_consolesink.moc"
