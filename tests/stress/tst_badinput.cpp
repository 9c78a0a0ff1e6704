// Bad input that used to get through (issue 12), each case tried on the real
// workhost binary and judged by its exit status and what it says (where and
// what): a 50 MB configuration (refused unread: peak memory of the child, not
// time), durations below a millisecond, --run-for outside its range,
// --config "", the window without a display, unknown options; and a
// program's output that is not UTF-8, which the log file must keep
// recoverable byte for byte.
// Each scenario prints one "SUMMARY" line with what it measured.

#include "support/summary.h"
#include "support/workhostprocess.h"
#include "workers/outputescaping.h"
#include <workhost/config/configloader.h>
#include <workhost/runtime/processexit.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace workhost;
using namespace workhost::test;

namespace {

constexpr int configurationError = static_cast<int>(ExitCode::ConfigurationError);

// What refusing the 50 MB file may cost above the same run on a small file:
// reading the file alone would add 48 MB, parsing it 1.2 GB (the old binary).
constexpr long peakMemoryMarginMb = 32;

// The largest peak resident size of any child this process has waited for
// (QProcess reaps its children), in MB. A child's figure starts from this
// process's size when it forked, and the figure only grows: so a scenario
// first runs the same host on a small file, as the baseline to compare with.
long peakChildMemoryMb()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss / 1024;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson();
}

QJsonObject withWorker(const QJsonObject &worker, const QJsonObject &host = {})
{
    return {{"host", host}, {"workers", QJsonArray{worker}}};
}

// A run in `mode` (an option, or "" for the window) that ends by itself
// even when the host starts (without workers).
QStringList argumentsFor(const QString &mode, const QString &config)
{
    QStringList arguments{"--config", config, "--run-for", mode.isEmpty() ? "0.5" : "1"};
    if (!mode.isEmpty())
        arguments.prepend(mode);
    return arguments;
}

enum class Platform { Offscreen, NoDisplay };

// The child's environment: Qt's display-less platform, or no display at all.
void setDisplay(WorkhostProcess &workhost, Platform platform)
{
    QProcessEnvironment env = workhost.process.processEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    if (platform == Platform::Offscreen)
        env.insert("QT_QPA_PLATFORM", "offscreen");
    workhost.process.setProcessEnvironment(env);
}

QString details(const WorkhostProcess &workhost, int code)
{
    return QStringLiteral("exit %1; stderr: %2; stdout: %3")
        .arg(code)
        .arg(workhost.err.right(600), workhost.out.right(300));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The message of the first log line of `service` that contains `marker`:
// lines read "<time> [level] [logger] [thread] message".
QByteArray logMessage(const QByteArray &log, const QByteArray &service, const QByteArray &marker)
{
    const QByteArray logger = "] [" + service + "] [";
    for (const QByteArray &line : log.split('\n')) {
        const qsizetype at = line.indexOf(logger);
        if (at < 0 || !line.contains(marker))
            continue;
        const qsizetype messageStart = line.indexOf("] ", at + logger.size());
        if (messageStart >= 0)
            return line.mid(messageStart + 2);
    }
    return {};
}

} // namespace

class TestBadInput : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_files;
    QString m_hugeConfig;  // 50 MB: 25 million numbers under an unknown key
    QString m_emptyConfig; // valid, no worker
    qint64 m_hugeSize = 0;

    // Runs workhost with `arguments` (a small file) to its end: what such a host
    // costs here, sanitizers included, as peakChildMemoryMb() reads it after.
    static long baselinePeakMb(const QTemporaryDir &home, const QStringList &arguments)
    {
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::Offscreen);
        workhost.start(arguments);
        const int code = workhost.finish();
        if (code != 0)
            qWarning("the baseline run ended with %d: %s", code, qPrintable(workhost.err));
        return peakChildMemoryMb();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_files.isValid());
        // Written in pieces: a child's peak memory starts from this process's size
        // at fork time, so this process never holds the 50 MB.
        m_hugeConfig = m_files.filePath("huge.json");
        QFile huge(m_hugeConfig);
        QVERIFY(huge.open(QIODevice::WriteOnly));
        const QByteArray numbers = QByteArray("0,").repeated(500000);
        huge.write("{\"junk\": [");
        for (int i = 0; i < 50; ++i)
            huge.write(numbers);
        huge.write("0]}");
        huge.close();
        m_hugeSize = huge.size();
        QCOMPARE(m_hugeSize, qint64(50000013));
        m_emptyConfig = writeFile(m_files, "empty.json", R"({"workers": []})");
    }

    // A pipe has no size to check first: the read itself stops past the limit.
    // (First: the peak memory of children only grows, and the window's is the largest.)
    void configurationFromAPipeIsReadNoFurtherThanTheLimit()
    {
        QTemporaryDir home;
        const long baselineMb = baselinePeakMb(home, {"--check-config", "--config", m_emptyConfig});
        const QString fifo = m_files.filePath("config.fifo");
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        // The shell opens the pipe in the child: it waits there for workhost to open it.
        QProcess writer;
        writer.start("sh", {"-c", "exec cat \"$1\" > \"$2\"", "sh", m_hugeConfig, fifo});
        const auto stopWriter = qScopeGuard([&] {
            writer.kill();
            writer.waitForFinished(10000);
        });

        WorkhostProcess workhost(home);
        workhost.start({"--check-config", "--config", fifo});
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        const QString expected =
            QStringLiteral("%1: the file holds more than %2 bytes (4 MiB), the "
                           "limit for a configuration; it was read no further")
                .arg(fifo)
                .arg(ConfigLoader::maxFileBytes);
        QVERIFY2(workhost.err.contains(expected), qPrintable(details(workhost, code)));
        const long peakMb = peakChildMemoryMb();
        QVERIFY2(peakMb <= baselineMb + peakMemoryMarginMb,
                 qPrintable(QStringLiteral("peak RSS %1 MB, %2 MB on a small file")
                                .arg(peakMb)
                                .arg(baselineMb)));
        summary(QStringLiteral("50 MB through a pipe: exit %1, read no further than the limit, "
                               "peak RSS at most %2 MB (%3 MB on a small file)")
                    .arg(code)
                    .arg(peakMb)
                    .arg(baselineMb));
    }

    void hugeConfigurationIsRefusedUnread_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("--check-config") << "--check-config" << configurationError;
        QTest::newRow("--headless") << "--headless" << configurationError;
        // The window starts without the file's workers and shows the issue (and logs it).
        QTest::newRow("window") << "" << 0;
    }

    void hugeConfigurationIsRefusedUnread()
    {
        QFETCH(QString, mode);
        QFETCH(int, exitCode);
        QTemporaryDir home;
        const long baselineMb = baselinePeakMb(home, argumentsFor(mode, m_emptyConfig));
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::Offscreen);
        workhost.start(argumentsFor(mode, m_hugeConfig));
        const int code = workhost.finish();
        QVERIFY2(code == exitCode, qPrintable(details(workhost, code)));
        // Where it is said: stderr, or the log file for the window.
        const QString said =
            mode.isEmpty() ? QString::fromUtf8(readFile(workhost.logFile())) : workhost.err;
        const QString expected =
            QStringLiteral("%1: the file is %2 bytes (47.7 MiB), over the limit of %3 bytes (4 "
                           "MiB) for a configuration; it was not read")
                .arg(m_hugeConfig)
                .arg(m_hugeSize)
                .arg(ConfigLoader::maxFileBytes);
        QVERIFY2(said.contains(expected), qPrintable(said.right(1000)));
        const long peakMb = peakChildMemoryMb();
        QVERIFY2(peakMb <= baselineMb + peakMemoryMarginMb,
                 qPrintable(QStringLiteral("peak RSS %1 MB, %2 MB on a small file")
                                .arg(peakMb)
                                .arg(baselineMb)));
        summary(QStringLiteral("50 MB configuration, %1: exit %2, refused unread, peak RSS at "
                               "most %3 MB (%4 MB on a small file)")
                    .arg(mode.isEmpty() ? QStringLiteral("window") : mode)
                    .arg(code)
                    .arg(peakMb)
                    .arg(baselineMb));
    }

    // A duration that would become 0 ms (a deadline already passed) is refused, not rounded.
    void durationsBelowAMillisecondAreRefused_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");

        const QJsonObject heartbeat{{"name", "beat"}, {"type", "heartbeat"}};
        const QString below = QStringLiteral(", below the 1 ms resolution of durations");
        QTest::newRow("host.shutdownTimeout, --check-config")
            << json(withWorker(heartbeat, {{"shutdownTimeout", 0.0001}})) << "--check-config"
            << "host.shutdownTimeout: expected a positive number of seconds of at most 3600, "
               "got 0.0001" +
                   below;
        QTest::newRow("host.shutdownTimeout, --headless")
            << json(withWorker(heartbeat, {{"shutdownTimeout", 0.0001}})) << "--headless"
            << "host.shutdownTimeout: expected a positive number of seconds of at most 3600, "
               "got 0.0001" +
                   below;
        for (const char *key : {"maxBackoff", "resetAfter", "window"}) {
            QJsonObject worker = heartbeat;
            worker.insert("restart", QJsonObject{{key, 0.0005}});
            QTest::addRow("restart.%s", key)
                << json(withWorker(worker)) << "--check-config"
                << QStringLiteral("workers[0].restart.%1: expected a positive number of seconds "
                                  "of at most 86400, got 0.0005")
                           .arg(QLatin1String(key)) +
                       below;
        }
        {
            QJsonObject worker = heartbeat;
            worker.insert("restart", QJsonObject{{"initialBackoff", 0.0005}});
            QTest::newRow("restart.initialBackoff (0 allowed)")
                << json(withWorker(worker)) << "--check-config"
                << QStringLiteral("workers[0].restart.initialBackoff: expected a number of seconds "
                                  "from 0 to 86400, got 0.0005") +
                       below;
        }
        QTest::newRow("queue workPerItem")
            << json(withWorker({{"name", "q"},
                                {"type", "queue"},
                                {"settings", QJsonObject{{"workPerItem", 0.0001}}}}))
            << "--check-config"
            << "workers[0].settings.workPerItem: expected a positive number of seconds from "
               "0.001 to 3600, got 0.0001" +
                   below;
        QTest::newRow("stubborn ignoreStopFor")
            << json(withWorker({{"name", "s"},
                                {"type", "stubborn"},
                                {"settings", QJsonObject{{"ignoreStopFor", 1e-9}}}}))
            << "--check-config"
            << "workers[0].settings.ignoreStopFor: expected a positive number of seconds from "
               "0.001 to 3600, got 1e-09" +
                   below;
    }

    void durationsBelowAMillisecondAreRefused()
    {
        QFETCH(QByteArray, config);
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        workhost.start(
            {mode, "--config", writeFile(home, "config.json", config), "--run-for", "1"});
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        QVERIFY2(workhost.err.contains(expected), qPrintable(details(workhost, code)));
    }

    void aMillisecondIsEnough()
    {
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        const QByteArray config =
            json(withWorker({{"name", "beat"},
                             {"type", "heartbeat"},
                             {"restart", QJsonObject{{"initialBackoff", 0.001}}}},
                            {{"shutdownTimeout", 0.001}}));
        workhost.start({"--check-config", "--config", writeFile(home, "config.json", config)});
        const int code = workhost.finish();
        QVERIFY2(code == 0, qPrintable(details(workhost, code)));
    }

    void runForOutsideItsRangeIsRefused_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("window"); // else --headless
        for (const char *value : {"inf", "-inf", "nan", "1e300", "-1", "0", "0.0004", "2000000.5",
                                  "2147484", "soon", "5s", ""})
            QTest::addRow("headless, \"%s\"", value) << QString::fromLatin1(value) << false;
        QTest::newRow("window, \"inf\"") << "inf" << true;
        QTest::newRow("window, \"2147484\"") << "2147484" << true;
    }

    void runForOutsideItsRangeIsRefused()
    {
        QFETCH(QString, value);
        QFETCH(bool, window);
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::Offscreen);
        QStringList arguments{"--config", m_emptyConfig, "--run-for", value};
        if (!window)
            arguments.prepend("--headless");
        workhost.start(arguments);
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        const QString expected =
            QStringLiteral("workhost: --run-for: expected a number of seconds from 0.001 to "
                           "2000000, got \"%1\"\n")
                .arg(value);
        // Qt may say something of its own first (XDG_RUNTIME_DIR) in window mode.
        QVERIFY2(workhost.err.endsWith(expected), qPrintable(details(workhost, code)));
    }

    void runForInItsRangeIsHonoured()
    {
        QTemporaryDir home;
        {
            WorkhostProcess shortest(home);
            shortest.start({"--headless", "--config", m_emptyConfig, "--run-for", "0.001"});
            const int code = shortest.finish();
            QVERIFY2(code == 0, qPrintable(details(shortest, code)));
            QVERIFY2(shortest.err.contains("--run-for elapsed; stopping"),
                     qPrintable(details(shortest, code)));
        }
        // The longest runs (a timer of 2e9 ms) until it is told to stop.
        WorkhostProcess longest(home);
        longest.start({"--headless", "--config", m_emptyConfig, "--run-for", "2000000"});
        // Signals are handled once the host is up ("host started"), not before.
        QVERIFY2(longest.waitForError("host started in"), qPrintable(longest.err));
        longest.signal(SIGTERM);
        const int code = longest.finish();
        QVERIFY2(code == 0, qPrintable(details(longest, code)));
        QVERIFY(!longest.err.contains("--run-for elapsed"));
        QVERIFY(!longest.err.contains("negative", Qt::CaseInsensitive));
    }

    void emptyConfigPathIsAnError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("--check-config --config \"\"")
            << QStringList{"--check-config", "--config", ""};
        QTest::newRow("--headless --config \"\"")
            << QStringList{"--headless", "--config", "", "--run-for", "0.5"};
        QTest::newRow("--headless --config=")
            << QStringList{"--headless", "--config=", "--run-for", "0.5"};
        QTest::newRow("window --config \"\"") << QStringList{"--config", "", "--run-for", "0.5"};
    }

    void emptyConfigPathIsAnError()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::Offscreen);
        workhost.start(arguments);
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        QVERIFY2(workhost.err.endsWith("workhost: --config: expected the path of a configuration "
                                       "file, got an empty one\n"),
                 qPrintable(details(workhost, code)));
    }

    // Qt would abort (SIGABRT, "reinstalling the application may fix this problem").
    void windowWithoutDisplayIsRefusedInOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no option") << QStringList{};
        QTest::newRow("--config and --run-for")
            << QStringList{"--config", "CONFIG", "--run-for", "1"};
    }

    void windowWithoutDisplayIsRefusedInOneLine()
    {
        QFETCH(QStringList, arguments);
        arguments.replaceInStrings("CONFIG", m_emptyConfig);
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::NoDisplay);
        workhost.start(arguments);
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        QCOMPARE(workhost.err,
                 "workhost: no display for the window (DISPLAY, WAYLAND_DISPLAY and "
                 "QT_QPA_PLATFORM are unset or empty); to run without one: workhost --headless\n");
        QVERIFY(workhost.out.isEmpty());
    }

    // A DISPLAY whose server is gone (a stale ssh session): Qt cannot start its
    // platform plugin, and says so; workhost adds one line of its own and exits 2.
    void windowOnADisplayThatIsGoneExitsTwo()
    {
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::NoDisplay);
        workhost.setEnvironment("DISPLAY", ":999"); // no X server there
        workhost.start({"--config", m_emptyConfig, "--run-for", "1"});
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        QVERIFY2(workhost.err.endsWith("workhost: cannot open the window: Qt could not use the "
                                       "display (DISPLAY=\":999\", WAYLAND_DISPLAY=\"\", "
                                       "QT_QPA_PLATFORM=\"\"); to run without one: workhost "
                                       "--headless\n"),
                 qPrintable(details(workhost, code)));
    }

    // --help says 2 for a command-line error: so it is, display or not.
    void unknownOptionExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("offscreen"); // else no display at all
        QTest::newRow("window, no display") << QStringList{"--bogus"} << false;
        QTest::newRow("window, offscreen") << QStringList{"--bogus"} << true;
        QTest::newRow("window, offscreen, with --run-for")
            << QStringList{"--run-for", "0.5", "--bogus"} << true;
        QTest::newRow("--headless")
            << QStringList{"--headless", "--bogus", "--run-for", "0.5"} << false;
        QTest::newRow("--check-config") << QStringList{"--check-config", "--bogus"} << false;
    }

    void unknownOptionExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, offscreen);
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        setDisplay(workhost, offscreen ? Platform::Offscreen : Platform::NoDisplay);
        workhost.start(arguments);
        const int code = workhost.finish();
        QVERIFY2(code == configurationError, qPrintable(details(workhost, code)));
        QVERIFY2(workhost.err.endsWith("workhost: Unknown option 'bogus'. (workhost --help lists "
                                       "the options)\n"),
                 qPrintable(details(workhost, code)));
    }

    void helpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << "--help"
                                << "--run-for <seconds>";
        QTest::newRow("--version") << "--version"
                                   << "workhost ";
    }

    void helpAndVersionNeedNoDisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        setDisplay(workhost, Platform::NoDisplay);
        workhost.start({option});
        const int code = workhost.finish();
        QVERIFY2(code == 0, qPrintable(details(workhost, code)));
        QVERIFY2(workhost.out.contains(expected), qPrintable(details(workhost, code)));
    }

    // printf's bytes, through a command worker, into the log file and back.
    void commandOutputIsLoggedReversibly()
    {
        // printf(1) reads \NNN as an octal byte and \\ as one backslash.
        const QString format =
            QStringLiteral("latin1 caf\\351, backslash \\\\ and \\\\x41, controls \\001\\033[0m, "
                           "C1 \\302\\233, UTF-8 \u00fc\u20ac\U0001F600, cut \\342\\202 end\\n");
        const QByteArray printed = "latin1 caf\xe9, backslash \\ and \\x41, controls \x01\x1b[0m, "
                                   "C1 \xc2\x9b, UTF-8 \xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80, "
                                   "cut \xe2\x82 end";
        const QByteArray logged = "latin1 caf\\xe9, backslash \\\\ and \\\\x41, controls "
                                  "\\x01\\x1b[0m, C1 \\xc2\\x9b, UTF-8 "
                                  "\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80, cut \\xe2\\x82 end";
        const QByteArray config = json(withWorker(
            {{"name", "printer"},
             {"type", "command"},
             {"restartOnCompletion", false},
             {"settings", QJsonObject{{"program", "printf"}, {"arguments", QJsonArray{format}}}}}));
        QTemporaryDir home;
        WorkhostProcess workhost(home);
        workhost.start({"--headless", "--config", writeFile(home, "config.json", config)});
        QVERIFY2(workhost.waitForError("exited with code 0"), qPrintable(workhost.err));
        workhost.signal(SIGTERM);
        const int code = workhost.finish();
        QVERIFY2(code == 0, qPrintable(details(workhost, code)));

        const QByteArray message = logMessage(readFile(workhost.logFile()), "printer", "latin1");
        QCOMPARE(message, logged);
        QCOMPARE(unescapeOutput(message), printed);
        summary(QStringLiteral("command output with Latin-1, controls, C1, a cut sequence and "
                               "backslashes: %1 bytes logged as %2, recovered exactly")
                    .arg(printed.size())
                    .arg(message.size()));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
