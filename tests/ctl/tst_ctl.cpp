// workhost-ctl, the real binary in a child process, as a person or a script
// runs it: usage errors (exit 2), no host (3), protocol errors and a lost
// connection (5); exact paths against a scripted host (FakeControlHost: gaps
// in the logs, refusals, a worker that faults or never gets there, reload's
// lists, shutdown --wait); then every subcommand against a real headless host.

#include "support/ctlprocess.h"
#include "support/ctlrealhost.h"
#include "support/fakecontrolhost.h"
#include <workhost/control/runtimedirectory.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using Answer = FakeControlHost::Answer;

class TestCtl : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    CtlRealHost m_real;
    QString socketPath() const { return m_home.filePath("fake.sock"); }
    CtlResult ctl(const QStringList &arguments)
    {
        CtlProcess process(m_home.path());
        return process.run(arguments);
    }
    CtlResult ctlOnFake(const QStringList &arguments, const QString &socket = {})
    {
        return ctl(QStringList{"--socket", socket.isEmpty() ? socketPath() : socket} + arguments);
    }

private Q_SLOTS:
    void usageErrorsExitWith2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList{} << "no subcommand given";
        QTest::newRow("unknown") << QStringList{"frobnicate"}
                                 << "unknown subcommand \"frobnicate\"";
        QTest::newRow("start alone")
            << QStringList{"start"} << "start needs worker names or \"all\"";
        QTest::newRow("all and a name")
            << QStringList{"stop", "all", "beta"} << "\"all\" stands alone";
        QTest::newRow("bad count")
            << QStringList{"logs", "-n", "many"} << "-n expects a count of 0 or more, got \"many\"";
        QTest::newRow("foreign option")
            << QStringList{"status", "--wait"} << "status takes no option --wait";
        QTest::newRow("bad level")
            << QStringList{"logs", "--level=loud"} << "--level expects one of";
        QTest::newRow("names to reload")
            << QStringList{"reload", "beta"} << "reload takes no names";
        QTest::newRow("unknown option")
            << QStringList{"--bogus", "status"} << "unknown option --bogus";
        QTest::newRow("missing value")
            << QStringList{"status", "--socket"} << "option --socket needs a value";
        QTest::newRow("zero timeout") << QStringList{"start", "all", "--timeout", "0"}
                                      << "--timeout expects a number of seconds above 0";
    }
    void usageErrorsExitWith2()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CtlResult result = ctl(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
        QVERIFY(result.err.contains("Try `workhost-ctl --help`"));
    }

    void helpListsSubcommandsAndExitStatuses()
    {
        const CtlResult general = ctl({"--help"});
        QCOMPARE(general.exitCode, 0);
        for (const char *text : {"status [--json] [NAME...]", "shutdown [--wait]", "Exit status:",
                                 "3  no host answers", "5  protocol error", "--socket PATH"})
            QVERIFY2(general.out.contains(text), text);
        QVERIFY(ctl({"logs", "--help"}).out.contains("--level L"));
        QVERIFY(ctl({"help", "start"}).out.contains("--no-wait"));
        QCOMPARE(ctl({"--version"}).out, QStringLiteral("workhost-ctl 0.1.0\n"));
    }

    void noHostExitsWith3NamingTheSocket()
    {
        const QString config = m_home.filePath("workhost.json");
        const CtlResult result = ctl({"-c", config, "status"});
        QCOMPARE(result.exitCode, 3);
        const QString socket =
            m_home.filePath("runtime/workhost/") + RuntimeDirectory::instanceName(config) + ".sock";
        QVERIFY2(result.err.contains("no host answers on " + socket), qPrintable(result.err));
        QVERIFY(result.err.contains("workhost --headless --config " + config));
        // A path where no host listens (a file left behind) is no host either.
        QFile file(m_home.filePath("left-behind.sock"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(ctlOnFake({"health"}, file.fileName()).exitCode, 3);
    }

    void protocolErrorsExitWith5_data()
    {
        QTest::addColumn<QByteArray>("greeting");
        QTest::addColumn<QString>("message");
        QCborMap newer =
            toCbor(ControlHello{.workhostVersion = "9.0.0", .hostPid = 1, .configPath = {}});
        newer.insert(QStringLiteral("protocol"), 2);
        QTest::newRow("another version") << encodeFrame(newer) << "version 2";
        QTest::newRow("4 GB frame")
            << QByteArray("\xff\xff\xff\xff", 4) << "protocol error: unreadable data from the host";
        QTest::newRow("not a hello") << encodeFrame(toCbor(ControlEvent{"logs", 1, {}}))
                                     << "protocol error: the host's hello";
        QTest::newRow("closed, no reply")
            << FakeControlHost().greeting << "the connection to the host on %1 was lost";
    }
    void protocolErrorsExitWith5()
    {
        QFETCH(QByteArray, greeting);
        QFETCH(QString, message);
        FakeControlHost host;
        host.greeting = greeting;
        host.answer = [](const ControlRequest &) { return Answer{{}, true}; };
        QVERIFY(host.listen(socketPath()));
        const CtlResult result = ctlOnFake({"status"});
        QCOMPARE(result.exitCode, 5);
        message.replace(QStringLiteral("%1"), socketPath());
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    }

    // start: the host accepts; the worker faults on the way (exit 1, its error
    // said); one the host refuses; one that never moves within --timeout.
    void startReportsEachWorkersEndState()
    {
        FakeControlHost host;
        const QCborArray snapshot{map({{"name", "alpha"}, {"state", "stopped"}}),
                                  map({{"name", "slow"}, {"state", "stopped"}})};
        host.answer = [&](const ControlRequest &request) {
            if (request.method == QLatin1String("subscribe"))
                return Answer{{FakeControlHost::reply(
                    request.id, map({{"stream", "statuses"},
                                     {"newest", 3},
                                     {"snapshot", map({{"services", snapshot}})}}))}};
            const QCborArray results{
                map({{"name", "alpha"}, {"ok", true}}), map({{"name", "slow"}, {"ok", true}}),
                map({{"name", "ghost"}, {"ok", false}, {"message", "no worker named ghost"}})};
            const QCborMap failed = map({{"name", "alpha"}, {"lastError", "boom"}});
            return Answer{
                {FakeControlHost::reply(request.id, map({{"results", results}})),
                 FakeControlHost::event("statuses", 4, transition("alpha", "stopped", "starting")),
                 FakeControlHost::event(
                     "statuses", 5, map({{"kind", "statuses"}, {"statuses", QCborArray{failed}}})),
                 FakeControlHost::event("statuses", 6,
                                        transition("alpha", "starting", "faulted"))}};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult result = ctlOnFake({"start", "alpha", "slow", "ghost", "--timeout", "0.5"});
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(result.out.split('\n', Qt::SkipEmptyParts),
                 QStringList({"ghost: refused: no worker named ghost", "alpha: faulted: boom",
                              "slow: did not reach running within 0.5 s (still stopped)"}));
        QCOMPARE(host.methods, QStringList({"subscribe", "start"}));
    }

    void noWaitPrintsTheHostsAnswer()
    {
        FakeControlHost host;
        host.answer = [&](const ControlRequest &request) {
            const QCborArray results{map({{"name", "alpha"}, {"ok", true}}),
                                     map({{"name", "beta"}, {"ok", true}})};
            return Answer{{FakeControlHost::reply(request.id, map({{"results", results}}))}};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult result = ctlOnFake({"stop", "all", "--no-wait"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("alpha: stop requested\nbeta: stop requested\n"));
        QCOMPARE(host.methods, QStringList{"stop"}); // no subscription
        QCOMPARE(host.params.at(0).value(QLatin1String("all")).toBool(), true);
    }

    void errorRepliesExitWith1()
    {
        FakeControlHost host;
        host.answer = [](const ControlRequest &request) {
            if (request.method == QLatin1String("reload"))
                return Answer{{FakeControlHost::error(
                    request.id, "badConfiguration",
                    "workhost.json: line 3: workers[0].type: unknown type \"nope\"")}};
            return Answer{{FakeControlHost::error(request.id, "unknownMethod",
                                                  "no method \"health\"; known: status")}};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult reload = ctlOnFake({"reload"});
        QCOMPARE(reload.exitCode, 1);
        QVERIFY2(reload.err.contains("reload: workhost.json: line 3: workers[0].type: unknown "
                                     "type \"nope\" (badConfiguration)"),
                 qPrintable(reload.err));
        const CtlResult health = ctlOnFake({"health"});
        QCOMPARE(health.exitCode, 1);
        QVERIFY(health.err.contains("health: no method \"health\"; known: status (unknownMethod)"));
    }

    void reloadPrintsTheSummaryAndTheLists()
    {
        FakeControlHost host;
        host.answer = [](const ControlRequest &request) {
            const QCborMap result = map({{"anythingChanged", true},
                                         {"summary", "1 added, 1 removed, 1 changed"},
                                         {"changed", QCborArray{"alpha"}},
                                         {"removed", QCborArray{"beta"}},
                                         {"added", QCborArray{"gamma"}},
                                         {"unchanged", QCborArray{}}});
            return Answer{{FakeControlHost::reply(request.id, result)}};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult result = ctlOnFake({"reload"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("1 added, 1 removed, 1 changed\nadded: gamma\n"
                                            "removed: beta\nchanged: alpha\n"));
    }

    void healthExitsWith4WhenUnhealthy()
    {
        FakeControlHost host;
        bool healthy = true;
        host.answer = [&](const ControlRequest &request) {
            const QCborArray problems{
                map({{"name", "beta"}, {"state", "faulted"}, {"message", "exit code 3"}})};
            return Answer{{FakeControlHost::reply(
                request.id, healthy ? map({{"healthy", true}, {"problems", QCborArray{}}})
                                    : map({{"healthy", false}, {"problems", problems}}))}};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult good = ctlOnFake({"health"});
        QCOMPARE(good.exitCode, 0);
        QCOMPARE(good.out, QStringLiteral("healthy\n"));
        healthy = false;
        const CtlResult bad = ctlOnFake({"health"});
        QCOMPARE(bad.exitCode, 4);
        QCOMPARE(bad.out, QStringLiteral("unhealthy: 1 problem(s)\nbeta: faulted: exit code 3\n"));
    }

    void shutdownWaitReturnsWhenTheHostIsGone()
    {
        FakeControlHost host;
        host.answer = [](const ControlRequest &request) {
            return Answer{{FakeControlHost::reply(request.id, QCborValue())}, true};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult result = ctlOnFake({"shutdown", "--wait"});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QStringLiteral("host (pid 4242) is stopping\nhost stopped\n"));
    }

    // logs -n 2 -f: the first subscription says the newest record (5), the
    // second starts at 5 - 2; what the first sent is not printed; a dropped
    // range is one line; a broken pipe ends it quietly.
    void logsPrintsTheLastLinesThenFollows()
    {
        FakeControlHost host;
        host.answer = [&](const ControlRequest &request) {
            const QCborMap reply = map({{"stream", "logs"}, {"newest", 5}, {"first", 4}});
            if (host.params.size() % 2 == 1) // a client's first subscription
                return Answer{{FakeControlHost::reply(request.id, reply),
                               FakeControlHost::event("logs", 6, logRecord("a", "info", "six"))}};
            return Answer{{FakeControlHost::reply(request.id, reply),
                           FakeControlHost::event("logs", 4, logRecord("a", "info", "four")),
                           FakeControlHost::event("logs", 5, logRecord("b", "error", "five")),
                           FakeControlHost::event("logs", 6, logRecord("a", "info", "six"))}};
        };
        QVERIFY(host.listen(socketPath()));
        CtlProcess process(m_home.path());
        process.start({"--socket", socketPath(), "logs", "-n", "2", "-f"});
        QVERIFY(process.waitForOutput("six"));
        host.sendToAll(
            FakeControlHost::event("logs", 9, map({{"dropped", 3}, {"fromSeq", 7}, {"toSeq", 9}})));
        host.sendToAll(FakeControlHost::event("logs", 10, logRecord("a", "warning", "ten")));
        QVERIFY(process.waitForOutput("ten"));
        const QStringList lines = process.result.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QVERIFY2(lines.at(0).contains(QRegularExpression(
                     "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.123 INFO  a: four$")),
                 qPrintable(lines.at(0)));              // local time, to the millisecond
        QVERIFY(lines.at(1).endsWith("ERROR b: five")); // not a tty: no colour
        QVERIFY(lines.at(2).endsWith("INFO  a: six"));
        QCOMPARE(lines.at(3), QStringLiteral("-- 3 log records missed: the host went on while "
                                             "this client fell behind (records 7 to 9) --"));
        QVERIFY(lines.at(4).endsWith("WARN  a: ten"));
        QCOMPARE(host.params.at(1).value(QLatin1String("from")).toInteger(), 3);
        // `| head -n 2`: once head has gone, the next line hits EPIPE and logs ends quietly.
        CtlProcess piped(m_home.path());
        piped.start({"-c", "set -o pipefail; \"$@\" | head -n 2", "bash", WORKHOST_CTL_EXECUTABLE,
                     "--socket", socketPath(), "logs", "-n", "2", "-f"},
                    "bash");
        QVERIFY(QTest::qWaitFor(
            [&, seq = 11]() mutable {
                host.sendToAll(FakeControlHost::event("logs", seq++, logRecord("a", "info", "x")));
                return piped.process.state() == QProcess::NotRunning;
            },
            30000));
        const CtlResult result = piped.finish();
        QCOMPARE(result.exitCode, 0); // pipefail: workhost-ctl's status, were it not 0
        QCOMPARE(result.out.count('\n'), 2);
        QCOMPARE(result.err, QString());
    }

    // Against the real `workhost --headless` (one, shared by the slots below, in order).
    void realHostStatusTableAndJson()
    {
        QVERIFY2(m_real.start(), qPrintable(m_real.process.err));
        const CtlResult table = m_real.ctl({"status"});
        QCOMPARE(table.exitCode, 0);
        const QStringList rows = table.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 3);
        QVERIFY2(rows.at(0).contains(QRegularExpression(
                     "^NAME +TYPE +STATE +PID +UPTIME +RESTARTS +CPU +MEMORY +MESSAGE$")),
                 qPrintable(rows.at(0)));
        const int stateColumn = int(rows.at(0).indexOf("STATE"));
        QCOMPARE(rows.at(1).mid(stateColumn, 7), QStringLiteral("running"));
        QVERIFY(rows.at(1).startsWith("beat  ") && rows.at(1).contains("heartbeat"));
        QVERIFY(rows.at(2).contains(QRegularExpression("^ticker +command +running +\\d+ ")));
        const CtlResult json = m_real.ctl({"status", "--json", "ticker"});
        const QJsonObject result = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(result.value("hostState").toString(), QStringLiteral("running"));
        const QJsonArray services = result.value("services").toArray();
        QCOMPARE(services.size(), 1);
        QCOMPARE(services.at(0)["type"].toString(), QStringLiteral("command"));
        QVERIFY(services.at(0)["memoryBytes"].toDouble() > 0);
    }

    void realHostStopStartRestart()
    {
        QCOMPARE(m_real.ctl({"stop", "beat"}).out, QStringLiteral("beat: stopped\n"));
        QCOMPARE(m_real.ctl({"stop", "beat"}).out,
                 QStringLiteral("beat: already at rest (stopped)\n"));
        const CtlResult mixed = m_real.ctl({"start", "beat", "ghost"});
        QCOMPARE(mixed.exitCode, 1);
        QCOMPARE(mixed.out,
                 QStringLiteral("ghost: refused: no worker named ghost\nbeat: running\n"));
        const CtlResult restart = m_real.ctl({"restart", "all"});
        QCOMPARE(restart.exitCode, 0);
        QCOMPARE(restart.out.split('\n', Qt::SkipEmptyParts).size(), 2);
        QVERIFY(restart.out.contains("ticker: running\n") &&
                restart.out.contains("beat: running\n"));
        QCOMPARE(m_real.ctl({"health"}).out, QStringLiteral("healthy\n"));
    }

    void realHostLogs()
    {
        const CtlResult last = m_real.ctl({"logs", "-n", "3", "ticker"});
        QCOMPARE(last.exitCode, 0);
        const QStringList lines = last.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        for (const QString &line : lines) // ticker's only ("started" may be one)
            QVERIFY2(line.contains(QRegularExpression("^\\d{4}-\\S+ \\S+ \\w+ +ticker: ")),
                     qPrintable(line));
        CtlProcess follow(m_real.home.path());
        follow.start(
            {"-c", m_real.configPath, "logs", "-f", "-n", "0", "--level", "info", "ticker"});
        QVERIFY(QTest::qWaitFor(
            [&] { // two new lines: it follows
                follow.waitForOutput("tick", 0);
                return follow.result.out.count('\n') >= 2;
            },
            30000));
    }

    void realHostReload()
    {
        m_real.writeWorkers({tickerWorker("ticker", "0.3"), heartbeatWorker("beat2")});
        const CtlResult reload = m_real.ctl({"reload"});
        QCOMPARE(reload.exitCode, 0);
        for (const char *text : {"added: beat2\n", "removed: beat\n", "changed: ticker\n"})
            QVERIFY2(reload.out.contains(text), qPrintable(reload.out));
        // `workhost ctl` is the same, through the main executable's exec.
        const CtlResult status = m_real.ctl({"status", "beat2"}, workhostBinary());
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(QRegularExpression("\nbeat2 +heartbeat +(starting|running)")),
                 qPrintable(status.out + status.err));
    }

    void realHostShutdownWait()
    {
        const qint64 pid = m_real.process.pid();
        const CtlResult shutdown = m_real.ctl({"shutdown", "--wait"});
        QCOMPARE(shutdown.exitCode, 0);
        QCOMPARE(shutdown.out,
                 QStringLiteral("host (pid %1) is stopping\nhost stopped\n").arg(pid));
        QCOMPARE(m_real.process.finish(), 0);
        QCOMPARE(m_real.ctl({"status"}).exitCode, 3);
    }
};

QTEST_MAIN(TestCtl)
#include "tst_ctl.moc"
