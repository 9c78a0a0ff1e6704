// The logging pipeline: shared sinks, levels at run time, Qt's messages,
// rotating files, and flushing at the end whatever the end is.

#include "core/backgroundworker.h"
#include "core/host.h"
#include "core/logging/livelogsink.h"
#include "core/logging/logpipeline.h"
#include "core/processexit.h"
#include "support/abandoningchild.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <spdlog/spdlog.h>

using namespace workhost;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcTest, "workhost.test")

namespace {

QStringList messagesOf(LiveLogSink &sink, const QString &service = {})
{
    QStringList out;
    for (const LogRecord &record : sink.take().records) {
        if (service.isEmpty() || record.service == service)
            out << record.message;
    }
    return out;
}

QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Runs this test executable as a child in `mode`; returns its exit code.
int runChild(const QString &mode, const QString &directory)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {mode, directory});
    if (!child.waitForFinished(20000))
        return -1;
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 128 + child.exitCode();
}

} // namespace

class TestLogPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loggersShareTheSinks()
    {
        LogPipeline pipeline;
        LogPipeline::loggerFor("mailer")->info("sent {} mails", 3);
        spdlog::info("from the application");
        const LogRecords records = pipeline.liveSink()->take().records;
        QCOMPARE(records.size(), size_t(2));
        QCOMPARE(records[0].service, QStringLiteral("mailer"));
        QCOMPARE(records[0].message, QStringLiteral("sent 3 mails"));
        QCOMPARE(records[1].service, QStringLiteral("app"));
        QCOMPARE(LogPipeline::loggerFor("mailer"), pipeline.logger("mailer")); // one per name
    }

    void levelsChangeAtRunTime()
    {
        LogPipeline pipeline; // global level: info
        auto svc = pipeline.logger("svc");
        auto other = pipeline.logger("other");
        svc->debug("hidden 1");
        pipeline.setServiceLevel("svc", LogLevel::Debug);
        svc->debug("shown 1");
        other->debug("hidden 2");
        pipeline.setLevel(LogLevel::Error);
        svc->debug("shown 2"); // its own level wins over the global one
        other->warn("hidden 3");
        pipeline.setServiceLevel("svc", std::nullopt);
        svc->warn("hidden 4");
        svc->error("shown 3");
        QCOMPARE(messagesOf(*pipeline.liveSink()), QStringList({"shown 1", "shown 2", "shown 3"}));
        QCOMPARE(pipeline.serviceLevel("svc"), std::nullopt);
        QCOMPARE(pipeline.level(), LogLevel::Error);
    }

    void qtMessagesAreRouted()
    {
        LogPipeline pipeline;
        qWarning("a warning from Qt");
        qCInfo(lcTest) << "categorised";
        const LogRecords records = pipeline.liveSink()->take().records;
        QCOMPARE(records.size(), size_t(2));
        QCOMPARE(records[0].service, QStringLiteral("qt"));
        QCOMPARE(records[0].level, LogLevel::Warning);
        QCOMPARE(records[0].message, QStringLiteral("a warning from Qt"));
        QCOMPARE(records[1].service, QStringLiteral("qt.workhost.test"));
        QCOMPARE(records[1].message, QStringLiteral("categorised"));
    }

    // Headless mode: no window, so no live sink holding lines for one; the
    // file still gets every line.
    void withoutLiveSinkTheFileStillGetsEverything()
    {
        QTemporaryDir dir;
        LogOptions options;
        options.live = false;
        options.fileDirectory = dir.path();
        {
            LogPipeline pipeline(options);
            QCOMPARE(pipeline.liveSink(), nullptr);
            LogPipeline::loggerFor("mailer")->info("sent {} mails", 3);
            qWarning("a warning from Qt");
        }
        const QString file = readFile(dir.filePath("workhost.log"));
        QVERIFY2(file.contains("[mailer] [") && file.contains("sent 3 mails"), qPrintable(file));
        QVERIFY(file.contains("a warning from Qt"));
    }

    void filesRotateAndKeepEveryLine()
    {
        QTemporaryDir dir;
        LogOptions options;
        options.fileDirectory = dir.path();
        options.maxFileSize = 4000;
        options.maxFiles = 2;
        {
            LogPipeline pipeline(options);
            auto logger = pipeline.logger("rotator");
            for (int i = 0; i < 200; ++i)
                logger->info("numbered line {:04}", i);
        }
        const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files, QStringList({"workhost.1.log", "workhost.2.log", "workhost.log"}));
        for (const QString &file : files)
            QVERIFY(QFileInfo(dir.filePath(file)).size() <= 4000);
        // The newest lines are in the current file, flushed at destruction.
        const QString current = readFile(dir.filePath("workhost.log"));
        QVERIFY2(current.contains("numbered line 0199"), qPrintable(current));
        QVERIFY(current.contains("[info] [rotator]"));
        // The kept files hold a contiguous run of the newest lines.
        const QString all = readFile(dir.filePath("workhost.2.log")) +
                            readFile(dir.filePath("workhost.1.log")) + current;
        const qsizetype first = all.indexOf("numbered line ");
        const int firstNumber = all.mid(first + 14, 4).toInt();
        for (int i = firstNumber; i < 200; ++i)
            QVERIFY(
                all.contains(QStringLiteral("numbered line %1").arg(i, 4, 10, QLatin1Char('0'))));
    }

    void lastLineReachesTheFileOnTerminate()
    {
        QTemporaryDir dir;
        const int code = runChild("--terminate-child", dir.path());
        QVERIFY(code != 0); // std::terminate aborts
        QVERIFY(readFile(dir.filePath("workhost.log")).contains("last words before terminate"));
    }

    void lastLineReachesTheFileWithAbandonedThreads()
    {
        QTemporaryDir dir;
        QCOMPARE(runChild("--abandon-child", dir.path()), int(ExitCode::AbandonedThreads));
        const QString log = readFile(dir.filePath("workhost.log"));
        QVERIFY2(log.contains("[hanging] [") && log.contains("last words before hanging"),
                 qPrintable(log));
        QVERIFY(log.contains("never returned"));
    }
};

// Children: each ends in a way that skips the usual destructors.
static int runTerminateChild(const QString &directory)
{
    LogOptions options;
    options.fileDirectory = directory;
    static LogPipeline *pipeline =
        new LogPipeline(options); // never destroyed: terminate must flush
    pipeline->logger("child")->info("last words before terminate");
    std::terminate();
}

int main(int argc, char *argv[])
{
    if (argc > 2 && qstrcmp(argv[1], "--terminate-child") == 0)
        return runTerminateChild(QString::fromLocal8Bit(argv[2]));
    if (test::isAbandoningChild(argc, argv))
        return test::runAbandoningChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestLogPipeline test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logpipeline.moc"
