// The logging pipeline: shared sinks, levels at run time, Qt's messages,
// rotating files, and flushing at the end whatever the end is.

#include "support/abandoningchild.h"
#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/loglevel.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/processexit.h>

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <memory>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace workhost;
using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcTest, "workhost.test")

namespace {

QStringList messagesOf(LiveLogSink &sink, const QString &service = {})
{
    QStringList out;
    for (const LogRecord &record : sink.readAfter(0).records) {
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

// Runs this test executable as a child in `mode`; returns its exit code
// (-1: it did not end in time, and was killed), and its stderr in `err`.
int runChild(const QString &mode, const QString &directory, QByteArray *err = nullptr)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(), {mode, directory});
    if (!child.waitForFinished(20000)) {
        child.kill();
        child.waitForFinished();
        return -1;
    }
    if (err)
        *err = child.readAllStandardError();
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 128 + child.exitCode();
}

// The records in the live sink logged by `service` after `lastSeen`, which
// moves on to the newest.
QStringList liveMessages(LiveLogSink &sink, const QString &service, quint64 &lastSeen)
{
    QStringList out;
    const LiveLogSink::Batch batch = sink.readAfter(lastSeen);
    lastSeen += batch.missed + batch.records.size();
    for (const LogRecord &record : batch.records) {
        if (record.service == service)
            out << record.message;
    }
    return out;
}

// Stands for an application's own Qt message handler while it lives: keeps
// the messages it is given (a handler is a plain function, hence the statics).
class ApplicationQtHandler
{
public:
    ApplicationQtHandler()
    {
        std::lock_guard lock(s_mutex);
        s_messages.clear();
        m_previous = qInstallMessageHandler(keep);
    }
    ~ApplicationQtHandler() { qInstallMessageHandler(m_previous); }
    ApplicationQtHandler(const ApplicationQtHandler &) = delete;
    ApplicationQtHandler &operator=(const ApplicationQtHandler &) = delete;

    QStringList messages() const
    {
        std::lock_guard lock(s_mutex);
        return s_messages;
    }

private:
    static void keep(QtMsgType, const QMessageLogContext &, const QString &text)
    {
        std::lock_guard lock(s_mutex);
        s_messages << text;
    }
    static inline std::mutex s_mutex;
    static inline QStringList s_messages;
    QtMessageHandler m_previous = nullptr;
};

// A service that logs only what a test makes it log (log() is public).
class Talker : public BackgroundWorker
{
public:
    Talker()
        : BackgroundWorker("talker")
    {}

protected:
    void execute(StopToken token) override { token.sleepFor(std::chrono::hours(1)); }
};

// Running, it logs one line once its gate opens, then waits to be stopped.
class GatedTalker : public BackgroundWorker
{
public:
    explicit GatedTalker(test::Gate &gate)
        : BackgroundWorker("talker")
        , m_gate(gate)
    {}
    std::atomic<bool> running = false;

protected:
    void execute(StopToken token) override
    {
        running = true;
        m_gate.waitOpen();
        log().info("started before the pipeline");
        token.sleepFor(std::chrono::hours(1));
    }

private:
    test::Gate &m_gate;
};

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
        const LogRecords records = pipeline.liveSink()->readAfter(0).records;
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
        LogOptions options;
        options.routeQtMessages = true;
        LogPipeline pipeline(options);
        qWarning("a warning from Qt");
        qCInfo(lcTest) << "categorised";
        const LogRecords records = pipeline.liveSink()->readAfter(0).records;
        QCOMPARE(records.size(), size_t(2));
        QCOMPARE(records[0].service, QStringLiteral("qt"));
        QCOMPARE(records[0].level, LogLevel::Warning);
        QCOMPARE(records[0].message, QStringLiteral("a warning from Qt"));
        QCOMPARE(records[1].service, QStringLiteral("qt.workhost.test"));
        QCOMPARE(records[1].message, QStringLiteral("categorised"));
    }

    // An application with its own Qt message handler keeps it: the pipeline
    // installs one only when asked (LogOptions::routeQtMessages).
    void anApplicationsQtHandlerStaysByDefault()
    {
        const ApplicationQtHandler application;
        LogPipeline pipeline;
        qWarning("for the application");
        QCOMPARE(application.messages(), QStringList({"for the application"}));
        QCOMPARE(messagesOf(*pipeline.liveSink(), "qt"), QStringList());
    }

    // Asked to, the pipeline takes Qt's messages while it lives, and the
    // application's handler is back afterwards: with one pipeline, with a
    // second one inside it, and with a second one that outlives it.
    void theApplicationsQtHandlerIsBackAfterThePipeline_data()
    {
        QTest::addColumn<int>("pipelines");
        QTest::addColumn<bool>("firstGoesFirst");
        QTest::newRow("one") << 1 << true;
        QTest::newRow("nested") << 2 << false;
        QTest::newRow("overlapping") << 2 << true;
    }
    void theApplicationsQtHandlerIsBackAfterThePipeline()
    {
        QFETCH(int, pipelines);
        QFETCH(bool, firstGoesFirst);
        const ApplicationQtHandler application;
        LogOptions options;
        options.routeQtMessages = true;
        auto first = std::make_unique<LogPipeline>(options);
        auto second = pipelines > 1 ? std::make_unique<LogPipeline>(options) : nullptr;
        qWarning("for the pipeline");
        QCOMPARE(messagesOf(*first->liveSink(), "qt"), QStringList({"for the pipeline"}));
        QCOMPARE(application.messages(), QStringList());
        if (firstGoesFirst)
            first.reset();
        second.reset();
        first.reset();
        qWarning("for the application again");
        QCOMPARE(application.messages(), QStringList({"for the application again"}));
    }

    // A service holds no logger of its own making: it logs to the pipeline
    // current when it logs, at that pipeline's level for it, and once the
    // pipeline is gone, to spdlog's default logger again.
    void aServiceMadeBeforeThePipelineLogsToIt()
    {
        const std::shared_ptr<spdlog::logger> previousDefault = spdlog::default_logger();
        const std::shared_ptr<test::RecordingSink> fallback =
            test::RecordingSink::installAsDefault();
        Talker talker;
        std::shared_ptr<LiveLogSink> sink;
        {
            LogPipeline pipeline;
            sink = pipeline.liveSink();
            pipeline.setServiceLevel("talker", LogLevel::Debug);
            talker.log().info("made before the pipeline");
            talker.log().debug("at the pipeline's level for it");
            QCOMPARE(talker.logger(), pipeline.logger("talker"));
        }
        talker.log().info("after the pipeline");
        spdlog::set_default_logger(previousDefault);
        QCOMPARE(messagesOf(*sink, "talker"),
                 QStringList({"made before the pipeline", "at the pipeline's level for it"}));
        QCOMPARE(fallback->lines(), QStringList({"[talker] after the pipeline"}));
    }

    void aServiceStartedBeforeThePipelineLogsToIt()
    {
        test::Gate pipelineExists;
        Host host;
        auto owned = std::make_unique<GatedTalker>(pipelineExists);
        GatedTalker &talker = *owned;
        host.addService(std::move(owned));
        host.start();
        QTRY_VERIFY_WITH_TIMEOUT(talker.running, 30000);
        {
            LogPipeline pipeline;
            pipelineExists.open();
            QTRY_VERIFY_WITH_TIMEOUT(
                messagesOf(*pipeline.liveSink(), "talker").contains("started before the pipeline"),
                30000);
            host.stop();
            QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Stopped, 30000);
        }
    }

    // The host's own lines follow the same rule as a service's: an embedder
    // may make the Host first and the pipeline second.
    void aHostMadeBeforeThePipelineLogsToIt()
    {
        Host host;
        LogPipeline pipeline;
        host.start();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Running, 30000);
        host.stop();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Stopped, 30000);
        const QStringList lines = messagesOf(*pipeline.liveSink(), "host");
        QVERIFY2(lines.size() >= 2 && lines.first().startsWith("host starting") &&
                     lines.last().startsWith("host stopped"),
                 qPrintable(lines.join(" | ")));
    }

    // Headless mode: no window, so no live sink holding lines for one; the
    // file still gets every line.
    void withoutLiveSinkTheFileStillGetsEverything()
    {
        QTemporaryDir dir;
        LogOptions options;
        options.live = false;
        options.fileDirectory = dir.path();
        options.routeQtMessages = true;
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

    // The exits that leave through std::_Exit seal the pipeline first: from
    // then on no line reaches stderr that is not in the file as well, however
    // long the other threads go on logging.
    void afterTheSealStderrHoldsNothingTheFileLacks()
    {
        QTemporaryDir dir;
        QByteArray err;
        QCOMPARE(runChild("--seal-child", dir.path(), &err), 3);
        const QList<QByteArray> lines = err.split('\n');
        const QByteArray file = readFile(dir.filePath("workhost.log")).toUtf8();
        int checked = 0;
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) { // the last may be cut short
            if (!lines[i].contains("] flood "))
                continue;
            ++checked;
            QVERIFY2(file.contains(lines[i] + '\n'), lines[i].constData());
        }
        QVERIFY2(checked > 1000, qPrintable(QString::number(checked)));
    }

    // std::terminate with the file's lock held by a thread stuck in write(2)
    // (a hung file system; here a FIFO nobody reads): the process still ends.
    void terminateEndsTheProcessBehindAStuckFileWriter()
    {
        QTemporaryDir dir;
        QCOMPARE(runChild("--stuck-terminate-child", dir.path()), 128 + SIGABRT);
    }

    // An unusable log folder is no exception: one warning line (here in the
    // live sink; on stderr too in headless mode), and the file is back by
    // itself once the folder can be made.
    void unusableFolderIsOneWarningAndRecovers()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath("logs");
        QVERIFY(QFile(folder).open(QIODevice::WriteOnly)); // a file in its place
        LogOptions options;
        options.fileDirectory = folder;
        LogPipeline pipeline(options);
        quint64 lastSeen = 0;
        const QStringList said = liveMessages(*pipeline.liveSink(), "app", lastSeen);
        QCOMPARE(said.size(), 1);
        QVERIFY2(said[0].contains(pipeline.filePath()) && said[0].contains("Not a directory"),
                 qPrintable(said[0]));
        pipeline.logger("svc")->info("lost");
        QVERIFY(QFile::remove(folder));
        QStringList recovered;
        QTRY_VERIFY_WITH_TIMEOUT((pipeline.logger("svc")->info("kept"),
                                  recovered += liveMessages(*pipeline.liveSink(), "app", lastSeen),
                                  !recovered.isEmpty()),
                                 30000);
        QVERIFY2(recovered[0].contains("written again"), qPrintable(recovered[0]));
        pipeline.flush();
        QVERIFY(readFile(pipeline.filePath()).contains("] kept"));
        QVERIFY(readFile(pipeline.filePath()).contains("written again"));
    }

    void reopenFilesStartsANewFileAfterARotation()
    {
        QTemporaryDir dir;
        LogOptions options;
        options.fileDirectory = dir.path();
        LogPipeline pipeline(options);
        pipeline.logger("svc")->info("before");
        QVERIFY(QFile::rename(pipeline.filePath(), pipeline.filePath() + ".1"));
        pipeline.reopenFiles();
        pipeline.logger("svc")->info("after");
        pipeline.flush();
        QVERIFY(readFile(pipeline.filePath() + ".1").contains("] before"));
        QVERIFY(readFile(pipeline.filePath()).contains("] after"));
        QVERIFY(!readFile(pipeline.filePath()).contains("before"));
        QVERIFY(readFile(pipeline.filePath()).contains("reopened the log file"));
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

// Four threads flood; the pipeline is sealed; they flood as much again; then
// the process leaves as the abandon exits do.
[[noreturn]] static void runSealChild(const QString &directory)
{
    LogOptions options;
    options.fileDirectory = directory;
    options.maxFileSize = 512 * 1024 * 1024; // one file holds it all
    options.console = true;
    static LogPipeline *pipeline = new LogPipeline(options); // never destroyed: _Exit
    std::atomic<int> logged = 0;
    for (int t = 0; t < 4; ++t) {
        std::thread([t, &logged] {
            auto logger = pipeline->logger(QStringLiteral("w%1").arg(t));
            for (int i = 0;; ++i) {
                logger->info("flood {} {}", t, i);
                ++logged;
            }
        }).detach();
    }
    while (logged.load() < 20000)
        std::this_thread::yield();
    pipeline->sealForExit();
    const int sealedAt = logged.load();
    while (logged.load() < sealedAt + 20000)
        std::this_thread::yield();
    std::_Exit(3);
}

// The log file is a FIFO this process reads nothing from: a thread's line
// larger than the pipe blocks in write(2) holding the file's lock; then
// std::terminate.
[[noreturn]] static void runStuckTerminateChild(const QString &directory)
{
    const QByteArray fifo = QFile::encodeName(directory + "/workhost.log");
    if (::mkfifo(fifo.constData(), 0600) != 0)
        std::_Exit(10);
    const int reader = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK); // open, never read
    LogOptions options;
    options.fileDirectory = directory;
    static LogPipeline *pipeline = new LogPipeline(options);
    const int pipeSize = ::fcntl(reader, F_GETPIPE_SZ);
    std::thread([] { pipeline->logger("stuck")->info("{}", std::string(1 << 22, 'x')); }).detach();
    int queued = 0;
    while (::ioctl(reader, FIONREAD, &queued) == 0 && queued < pipeSize)
        std::this_thread::yield();
    std::terminate();
}

int main(int argc, char *argv[])
{
    if (argc > 2 && qstrcmp(argv[1], "--terminate-child") == 0)
        return runTerminateChild(QString::fromLocal8Bit(argv[2]));
    if (argc > 2 && qstrcmp(argv[1], "--seal-child") == 0)
        runSealChild(QString::fromLocal8Bit(argv[2]));
    if (argc > 2 && qstrcmp(argv[1], "--stuck-terminate-child") == 0)
        runStuckTerminateChild(QString::fromLocal8Bit(argv[2]));
    if (test::isAbandoningChild(argc, argv))
        return test::runAbandoningChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestLogPipeline test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logpipeline.moc"
