// The log file sink: the same files as spdlog's rotating sink, and no
// failure of the file (unusable folder, full disk, deleted, moved, a hung
// writer) ever escapes it, blocks an exit, or goes unsaid.

#include <workhost/logging/loglevel.h>
#include <workhost/logging/rotatingfilesink.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <spdlog/logger.h>
#include <spdlog/sinks/rotating_file_sink.h>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <thread>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr const char *linePattern = "%Y-%m-%d %H:%M:%S.%e [%^%l%$] [%n] [%t] %v";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file in `dir`, by name, with its bytes.
QMap<QString, QByteArray> filesIn(const QString &dir)
{
    QMap<QString, QByteArray> files;
    for (const QString &name : QDir(dir).entryList(QDir::Files))
        files.insert(name, readFile(QDir(dir).filePath(name)));
    return files;
}

std::shared_ptr<RotatingFileSink> makeSink(const QString &path, size_t maxSize = 1 << 20,
                                           size_t maxFiles = 2)
{
    auto sink = std::make_shared<RotatingFileSink>(QFile::encodeName(path).toStdString(), maxSize,
                                                   maxFiles, 0ms); // retry at every chance
    sink->set_pattern(linePattern);
    return sink;
}

QStringList texts(const SinkNotices &notices)
{
    QStringList out;
    for (const SinkNotice &notice : notices)
        out << QString::fromStdString(notice.text);
    return out;
}

// The flags of this process's descriptor open on `path` (-1 if none).
int descriptorFlagsOf(const QString &path)
{
    const QString target = QFileInfo(path).canonicalFilePath();
    const QStringList fds = QDir("/proc/self/fd").entryList(QDir::AllEntries | QDir::System);
    for (const QString &fd : fds) {
        if (QFile::symLinkTarget("/proc/self/fd/" + fd) != target)
            continue;
        for (const QByteArray &line : readFile("/proc/self/fdinfo/" + fd).split('\n')) {
            if (line.startsWith("flags:"))
                return line.mid(6).trimmed().toInt(nullptr, 8);
        }
    }
    return -1;
}

} // namespace

class TestRotatingFileSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameFilesAsSpdlogsRotatingSink_data()
    {
        QTest::addColumn<int>("maxSize");
        QTest::addColumn<int>("maxFiles");
        QTest::addColumn<int>("lines");
        QTest::addColumn<int>("lineLength");
        QTest::newRow("no rotation") << 100000 << 3 << 50 << 40;
        QTest::newRow("rotates, keeps 2") << 4000 << 2 << 300 << 40;
        QTest::newRow("rotates, keeps 1") << 3000 << 1 << 200 << 60;
        QTest::newRow("keeps none") << 3000 << 0 << 200 << 60;
        QTest::newRow("lines larger than a file") << 100 << 2 << 20 << 300;
        QTest::newRow("64 KiB buffer crosses a rotation") << 50000 << 3 << 3000 << 90;
    }
    void sameFilesAsSpdlogsRotatingSink()
    {
        QFETCH(int, maxSize);
        QFETCH(int, maxFiles);
        QFETCH(int, lines);
        QFETCH(int, lineLength);
        QTemporaryDir ours;
        QTemporaryDir theirs;
        {
            auto mine = makeSink(ours.filePath("workhost.log"), size_t(maxSize), size_t(maxFiles));
            auto reference = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                theirs.filePath("workhost.log").toStdString(), size_t(maxSize), size_t(maxFiles));
            reference->set_pattern(linePattern);
            const auto time = std::chrono::system_clock::time_point(1700000000s);
            for (int i = 0; i < lines; ++i) {
                const std::string payload =
                    std::to_string(i) + std::string(size_t(lineLength), char('a' + i % 26));
                const spdlog::details::log_msg message(time, {}, "svc", spdlog::level::info,
                                                       payload);
                mine->log(message);
                reference->log(message);
            }
            mine->flush();
            reference->flush();
            QCOMPARE(mine->linesLost(), 0u);
        }
        const auto expected = filesIn(theirs.path());
        const auto actual = filesIn(ours.path());
        QCOMPARE(actual.keys(), expected.keys());
        for (const QString &name : expected.keys())
            QVERIFY2(actual[name] == expected[name], qPrintable(name));
    }

    void descriptorIsCloseOnExec()
    {
        QTemporaryDir dir;
        auto sink = makeSink(dir.filePath("workhost.log"));
        const int flags = descriptorFlagsOf(dir.filePath("workhost.log"));
        QVERIFY(flags >= 0);
        QVERIFY(flags & O_CLOEXEC);
        QVERIFY(flags & O_APPEND);
        QVERIFY(!(flags & O_NONBLOCK));
    }

    void unusableFolderIsSaidOnceAndRecovers()
    {
        QTemporaryDir dir;
        QVERIFY(QFile(dir.filePath("logs")).open(QIODevice::WriteOnly)); // a file, not a folder
        auto sink = makeSink(dir.filePath("logs/workhost.log"));
        spdlog::logger logger("svc", sink);
        QVERIFY(!sink->isWriting());
        const SinkNotices failed = sink->notices();
        QCOMPARE(failed.size(), size_t(1));
        QCOMPARE(failed[0].level, LogLevel::Warning);
        QVERIFY2(texts(failed)[0].contains(dir.filePath("logs/workhost.log")) &&
                     texts(failed)[0].contains("Not a directory"),
                 qPrintable(texts(failed)[0]));

        for (int i = 0; i < 10; ++i)
            logger.info("lost {}", i);
        sink->flush();
        QCOMPARE(sink->notices().size(), size_t(0)); // said once only
        QCOMPARE(sink->linesLost(), 10u);

        QVERIFY(QFile::remove(dir.filePath("logs")));
        logger.info("kept");
        sink->flush();
        QVERIFY(sink->isWriting());
        const QStringList recovered = texts(sink->notices());
        QCOMPARE(recovered.size(), 1);
        QVERIFY2(recovered[0].contains("written again") && recovered[0].contains("10 lines"),
                 qPrintable(recovered[0]));
        QVERIFY(readFile(dir.filePath("logs/workhost.log")).contains("] kept\n"));
    }

    void fullDeviceIsSaidOnceAndEveryLineCounted()
    {
        if (!QFileInfo::exists("/dev/full"))
            QSKIP("no /dev/full here");
        QTemporaryDir dir;
        QVERIFY(QFile::link("/dev/full", dir.filePath("workhost.log")));
        auto sink = makeSink(dir.filePath("workhost.log"));
        spdlog::logger logger("svc", sink);
        QVERIFY(sink->isWriting()); // it opens; only writes fail
        for (int i = 0; i < 2000; ++i) {
            logger.info("line {} of a disk that is full", i);
            if (i % 100 == 0)
                sink->flush();
        }
        sink->maintain();
        sink->flush();
        QVERIFY(!sink->isWriting());
        const QStringList said = texts(sink->notices());
        QCOMPARE(said.size(), 1);
        QVERIFY2(said[0].contains("No space left on device"), qPrintable(said[0]));
        QCOMPARE(sink->linesLost(), 2000u);
    }

    void deletedFileIsReplacedAtTheNextCheck()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("logs/workhost.log");
        auto sink = makeSink(path);
        spdlog::logger logger("svc", sink);
        logger.info("before");
        sink->maintain();
        QVERIFY(QDir(dir.filePath("logs")).removeRecursively()); // the folder too
        logger.info("into the deleted file");
        sink->maintain(); // writes to the deleted file, then sees it is gone
        logger.info("after");
        sink->flush();
        const QByteArray replaced = readFile(path);
        QVERIFY(replaced.contains("] after\n"));
        QVERIFY(!replaced.contains("before") && !replaced.contains("deleted"));
        QVERIFY(texts(sink->notices()).join('\n').contains("reopened the log file"));
        QCOMPARE(sink->linesLost(), 0u);
    }

    void movedFileKeepsItsLinesAndANewOneStarts()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.log");
        auto sink = makeSink(path);
        spdlog::logger logger("svc", sink);
        logger.info("one");
        QVERIFY(QFile::rename(path, dir.filePath("workhost.log.moved")));
        logger.info("two"); // buffered: it still belongs to the moved file
        sink->maintain();
        logger.info("three");
        sink->flush();
        const QByteArray moved = readFile(dir.filePath("workhost.log.moved"));
        QVERIFY(moved.contains("] one\n") && moved.contains("] two\n"));
        QVERIFY(!moved.contains("three"));
        QVERIFY(readFile(path).contains("] three\n"));
    }

    void reopenOnRequestStartsANewFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.log");
        auto sink = makeSink(path);
        spdlog::logger logger("svc", sink);
        logger.info("before rotation");
        QVERIFY(QFile::rename(path, dir.filePath("workhost.log-20261201"))); // logrotate's move
        logger.info("still before");
        sink->reopen(); // its postrotate
        logger.info("after rotation");
        sink->flush();
        const QByteArray old = readFile(dir.filePath("workhost.log-20261201"));
        QVERIFY(old.contains("] before rotation\n") && old.contains("] still before\n"));
        const QByteArray current = readFile(path);
        QVERIFY(current.contains("] after rotation\n"));
        QVERIFY(!current.contains("before"));
        QVERIFY(texts(sink->notices()).join('\n').contains("on request"));
    }

    // std::terminate's flush must not wait for ever behind a writer stuck in
    // write(2) (a hung network file system; here a FIFO nobody reads).
    void flushForExitGivesUpBehindAStuckWriter()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.log");
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        const int reader = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        const int pipeSize = ::fcntl(reader, F_GETPIPE_SZ);
        auto sink = makeSink(path);
        QVERIFY(sink->isWriting());
        std::atomic<bool> returned = false;
        std::thread stuck([&] {
            spdlog::logger logger("svc", sink);
            // One line larger than the pipe: written under the sink's lock,
            // which stays held until the pipe is read.
            logger.info("{}", std::string(size_t(pipeSize) * 4, 'x'));
            returned = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                int queued = 0;
                return ::ioctl(reader, FIONREAD, &queued) == 0 && queued >= pipeSize;
            }(),
            30000);
        QVERIFY(!sink->flushForExit(50ms));
        QVERIFY(!returned.load());
        // Reading unblocks the writer; then the exit's flush gets the lock.
        std::vector<char> buffer(static_cast<size_t>(pipeSize));
        QTRY_VERIFY_WITH_TIMEOUT((::read(reader, buffer.data(), buffer.size()), returned.load()),
                                 30000);
        stuck.join();
        QVERIFY(sink->flushForExit(1000ms));
        ::close(reader);
    }
};

QTEST_GUILESS_MAIN(TestRotatingFileSink)
#include "tst_rotatingfilesink.moc"
