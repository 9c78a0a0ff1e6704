// The headless host, run as a person or systemd would: through the real
// executable, with signals, and each exit status checked; what it tells
// systemd (sd_notify) on a socket the test listens on; SIGHUP reloads.

#include "support/notifylistener.h"
#include "support/workhostprocess.h"
#include <workhost/runtime/processexit.h>

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace workhost;
using namespace workhost::test;

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultConfigurationRunsEveryWorker()
    {
        QTemporaryDir home;
        WorkhostProcess app(home);
        app.start({"--headless", "--run-for", "1.5"});
        QCOMPARE(app.finish(), 0);
        // Lines read "<time> [level] [logger] [thread] message".
        for (const char *expected :
             {"\\[heartbeat\\] \\[\\d+\\] beating every 5000 ms",
              "\\[command\\] \\[\\d+\\] the clock says",
              "\\[file-hasher\\] \\[\\d+\\] hashed \\d+ files",
              "\\[cleanup\\] \\[\\d+\\] .*nothing to clean|removed",
              "\\[queue\\] \\[\\d+\\] consuming", "\\[prime-counter\\] \\[\\d+\\] started",
              "--run-for elapsed; stopping", "host stopped in", "exiting with status 0"}) {
            QVERIFY2(app.err.contains(QRegularExpression(QLatin1String(expected))), expected);
        }
        // The file log has it too.
        QFile log(app.logFile());
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("exiting with status 0"));
    }

    void sigtermStopsGracefully()
    {
        QTemporaryDir home;
        WorkhostProcess app(home);
        app.start({"--headless"});
        QVERIFY(app.waitForError("host started"));
        app.signal(SIGTERM);
        QCOMPARE(app.finish(), 0);
        QVERIFY2(app.err.contains("SIGTERM received: stopping 6 running service(s) gracefully"),
                 qPrintable(app.err));
        // One line per service as it stops.
        for (const char *service :
             {"heartbeat", "command", "file-hasher", "cleanup", "queue", "prime-counter"})
            QVERIFY2(app.err.contains(QStringLiteral("[%1] [").arg(service)), service);
        QCOMPARE(app.err.count(QRegularExpression("\\] stopped in \\d+ ms")), 6);
    }

    // Type=notify: READY=1 with a summary once running, watchdog pings at half
    // of WATCHDOG_USEC, STOPPING=1 on SIGTERM with the time the stop may take
    // (the configured shutdownTimeout and 15 s); the variables are not passed
    // on to the programs the workers start.
    void tellsSystemdWhenReadyAndStopping()
    {
        QTemporaryDir home;
        NotifyListener listener(home.filePath("notify"));
        WorkhostProcess app(home);
        app.setEnvironment("NOTIFY_SOCKET", listener.address());
        app.setEnvironment("WATCHDOG_USEC", "200000");
        app.start({"--headless", "--config", writeFile(home, "config.json", R"({
            "host": {"shutdownTimeout": 100}, "workers": [
            {"name": "beat", "type": "heartbeat"},
            {"name": "env", "type": "command", "settings": {"program": "sh", "arguments":
                ["-c", "echo notify=${NOTIFY_SOCKET:-none} watchdog=${WATCHDOG_USEC:-none}; exec sleep 60"]}}]})")});
        QVERIFY2(listener.waitFor("READY=1"), qPrintable(app.err));
        QCOMPARE(listener.first("READY=1"), QByteArray("READY=1\nSTATUS=running 2 of 2 workers"));
        QVERIFY(listener.waitFor("WATCHDOG=1", 3));
        QVERIFY(app.waitForError("systemd watchdog: a ping every 100 ms"));
        QVERIFY(app.waitForError("notify=none watchdog=none"));
        QCOMPARE(listener.count("STOPPING=1"), 0);
        app.signal(SIGTERM);
        QVERIFY(listener.waitFor("STOPPING=1"));
        QCOMPARE(app.finish(), 0);
        QVERIFY(listener.first("STOPPING=1").startsWith("STOPPING=1\nSTATUS=stopping: "));
        QVERIFY2(listener.first("STOPPING=1").endsWith("\nEXTEND_TIMEOUT_USEC=115000000"),
                 listener.first("STOPPING=1").constData());
        QVERIFY(listener.indexOf("READY=1") < listener.indexOf("STOPPING=1"));
        QCOMPARE(listener.count("READY=1"), 1);
        QVERIFY2(!app.err.contains("not sent"), qPrintable(app.err));
    }

    // SIGHUP reloads the file (a daemon's convention): added, removed and
    // changed workers, the unchanged one untouched; a broken file changes
    // nothing; the host keeps running throughout.
    void sighupReloadsTheConfiguration()
    {
        QTemporaryDir home;
        NotifyListener listener(home.filePath("notify"));
        WorkhostProcess app(home);
        app.setEnvironment("NOTIFY_SOCKET", listener.address());
        const QString config = writeFile(home, "config.json", R"({"workers": [
            {"name": "keep", "type": "heartbeat", "settings": {"interval": 3}},
            {"name": "drop", "type": "heartbeat"},
            {"name": "change", "type": "heartbeat", "settings": {"interval": 1}}]})");
        app.start({"--headless", "--config", config});
        QVERIFY(app.waitForError("host started"));
        QVERIFY(listener.waitFor("READY=1"));

        writeFile(home, "config.json", R"({"workers": [
            {"name": "keep", "type": "heartbeat", "settings": {"interval": 3}},
            {"name": "change", "type": "heartbeat", "settings": {"interval": 2}},
            {"name": "new", "type": "heartbeat"}]})");
        app.signal(SIGHUP);
        QVERIFY2(app.waitForError("reload: 1 added, 1 removed, 1 changed, 1 unchanged"),
                 qPrintable(app.err));
        QVERIFY(app.waitForError("beating every 2000 ms")); // the changed one, made again
        QVERIFY(
            app.err.contains(QRegularExpression("\\[change\\] \\[\\d+\\] beating every 2000 ms")));
        QVERIFY(app.err.contains(QRegularExpression("\\[new\\] \\[\\d+\\] beating every 5000 ms")));
        QVERIFY(app.err.contains(QRegularExpression("\\[drop\\] \\[\\d+\\] stopped in")));
        QVERIFY(!app.err.contains(QRegularExpression("\\[keep\\] \\[\\d+\\] stopped in")));
        QCOMPARE(app.err.count(QRegularExpression("\\[keep\\] \\[\\d+\\] beating every")), 1);
        // systemd saw the reload: RELOADING=1, then READY=1 again with its outcome.
        QVERIFY(listener.waitFor("; reload: 1 added, 1 removed, 1 changed, 1 unchanged"));
        const qsizetype reloading = listener.indexOf("RELOADING=1");
        const qsizetype reloaded = listener.indexOf("; reload: 1 added");
        QVERIFY(reloading > listener.indexOf("READY=1") && reloaded > reloading);
        QVERIFY(listener.messages().at(reloaded).startsWith("READY=1\nSTATUS=running "));
        QVERIFY(listener.waitFor("STATUS=running 3 of 3 workers")); // once the new ones run

        writeFile(home, "config.json", R"({"workers": [{"name": "keep", "type": "nope"}]})");
        app.signal(SIGHUP);
        QVERIFY(app.waitForError("has errors; nothing changed"));
        QVERIFY2(
            app.err.contains(config + ": error: workers[0].type: unknown worker type \"nope\""),
            qPrintable(app.err));
        QCOMPARE(app.process.state(), QProcess::Running);

        app.signal(SIGTERM);
        QCOMPARE(app.finish(), 0);
        QVERIFY2(app.err.contains("SIGTERM received: stopping 3 running service(s) gracefully"),
                 qPrintable(app.err));
    }

    void secondSigintAbandonsWhatIsLeft()
    {
        QTemporaryDir home;
        WorkhostProcess app(home);
        app.start({"--headless", "--config",
                   writeFile(home, "config.json", R"({"host": {"shutdownTimeout": 60},
            "workers": [{"name": "slow", "type": "stubborn", "settings": {"ignoreStopFor": 60}},
                        {"name": "beat", "type": "heartbeat"}]})")});
        QVERIFY(app.waitForError("host started"));
        app.signal(SIGINT);
        QVERIFY(app.waitForError("asked to stop; ignoring it"));
        QElapsedTimer clock;
        clock.start();
        app.signal(SIGINT);
        QCOMPARE(app.finish(), int(ExitCode::AbandonedThreads));
        QVERIFY(clock.elapsed() < 10000);
        QVERIFY2(app.err.contains("second SIGINT: abandoning 1 service(s) still stopping: slow"),
                 qPrintable(app.err));
    }

    void faultExitsWithOne()
    {
        QTemporaryDir home;
        WorkhostProcess app(home);
        app.start({"--headless", "--config", writeFile(home, "config.json", R"({"workers": [
            {"name": "bad", "type": "flaky", "faultPolicy": "stopHost", "settings": {"failEvery": 1, "interval": 0.01}}]})")});
        QCOMPARE(app.finish(), int(ExitCode::ServiceFailure));
        QVERIFY(app.err.contains("failure: bad: Faulted (simulated failure at iteration 1)"));
        QCOMPARE(app.err.count("failure: "), 1); // a StopHost fault is one failure, not two
    }

    void threadThatNeverReturnsExitsWithThree()
    {
        QTemporaryDir home;
        WorkhostProcess app(home);
        app.start({"--headless", "--run-for", "0.3", "--config",
                   writeFile(home, "config.json", R"({"host": {"shutdownTimeout": 0.2},
            "workers": [{"name": "slow", "type": "stubborn", "settings": {"ignoreStopFor": 60}}]})")});
        QCOMPARE(app.finish(), int(ExitCode::AbandonedThreads));
        QVERIFY(app.err.contains("[slow] [") &&
                app.err.contains("did not stop within the deadline"));
        QVERIFY(app.err.contains("1 service thread(s) never returned"));
        QVERIFY(!app.err.contains("Destroyed while thread"));
    }

    void configurationErrorExitsWithTwo_data()
    {
        QTest::addColumn<QStringList>("mode");
        QTest::newRow("headless") << QStringList{"--headless"};
        QTest::newRow("check") << QStringList{"--check-config"};
    }

    void configurationErrorExitsWithTwo()
    {
        QFETCH(QStringList, mode);
        QTemporaryDir home;
        WorkhostProcess app(home);
        const QString config = writeFile(home, "config.json", R"({"workers": [
            {"name": "a", "type": "heartbeat", "settings": {"interval": "fast"}},
            {"name": "a", "type": "nope"}]})");
        app.start(mode + QStringList{"--config", config});
        QCOMPARE(app.finish(), int(ExitCode::ConfigurationError));
        QVERIFY2(
            app.err.contains(config +
                             ": error: workers[0].settings.interval: expected a positive number of "
                             "seconds from 0.01 to 86400, got \"fast\""),
            qPrintable(app.err));
        QVERIFY(app.err.contains(
            config + ": error: workers[1].name: duplicate name \"a\" (first at workers[0])"));
        QVERIFY(
            app.err.contains(config + ": error: workers[1].type: unknown worker type \"nope\""));
        QVERIFY(!app.err.contains("host starting"));
    }

    void checkConfigAcceptsAGoodFile()
    {
        QTemporaryDir home;
        WorkhostProcess app(home);
        const QString config =
            writeFile(home, "config.json",
                      R"({"workers": [{"name": "a", "type": "heartbeat", "extra": 1}]})");
        app.start({"--check-config", "--config", config});
        QCOMPARE(app.finish(), 0);
        QCOMPARE(app.out.trimmed(), config + ": OK, 1 worker(s)");
        QVERIFY(app.err.contains(config + ": warning: workers[0].extra: unknown key, ignored"));
    }

    // A program that prints 100,000 lines as fast as it can and exits at
    // once: the file has every line, in order, once, before the exit; stderr
    // has whole lines in order, and the lines it lacks are counted as dropped.
    void aFloodThatEndsAtOnceIsLoggedWhole()
    {
        constexpr int count = 100000;
        QTemporaryDir home;
        WorkhostProcess app(home);
        app.start({"--headless", "--config",
                   writeFile(home, "config.json",
                             QStringLiteral(R"({"workers": [{"name": "flood", "type": "command",
            "restartOnCompletion": false,
            "settings": {"program": "seq", "arguments": ["1", "%1"]}}]})")
                                 .arg(count)
                                 .toUtf8())});
        QVERIFY2(app.waitForError("[flood] [", 30000), qPrintable(app.err.right(2000)));
        QFile log(app.logFile());
        QVERIFY(QTest::qWaitFor(
            [&] {
                log.open(QIODevice::ReadOnly);
                const bool exited = log.readAll().contains("] exited with code 0");
                log.close();
                return exited;
            },
            60000));
        app.signal(SIGTERM);
        QCOMPARE(app.finish(), 0);

        QVERIFY(log.open(QIODevice::ReadOnly));
        int inFile = 0;
        bool exitAfterLastLine = false;
        quint64 dropped = 0;
        const QRegularExpression droppedNotice("\\] (\\d+) lines not written to stderr");
        for (const QByteArray &line : log.readAll().split('\n')) {
            const QString text = QString::fromUtf8(line);
            if (const auto match = droppedNotice.match(text); match.hasMatch())
                dropped += match.captured(1).toULongLong();
            const qsizetype at = line.indexOf("] [flood] [");
            if (at < 0)
                continue;
            const QByteArray message = line.mid(line.indexOf("] ", at + 11) + 2);
            if (message == QByteArray::number(inFile + 1))
                ++inFile;
            else if (message == "exited with code 0")
                exitAfterLastLine = inFile == count;
        }
        QCOMPARE(inFile, count);
        QVERIFY(exitAfterLastLine);

        int lastOnStderr = 0;
        int linesOnStderr = 0;
        for (const QString &line : app.err.split('\n')) {
            const qsizetype at = line.indexOf("] [flood] [");
            if (at < 0)
                continue;
            bool number = false;
            const int value = line.mid(line.indexOf("] ", at + 11) + 2).toInt(&number);
            if (!number)
                continue;
            QVERIFY2(value > lastOnStderr, qPrintable(line)); // in order, once
            lastOnStderr = value;
            ++linesOnStderr;
        }
        // (A dropped count may include lines of other loggers.)
        QVERIFY2(
            quint64(linesOnStderr) + dropped >= quint64(count),
            qPrintable(QStringLiteral("%1 on stderr, %2 dropped").arg(linesOnStderr).arg(dropped)));
    }
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
