// The control socket of a real host (issue 16): the workhost executable in a
// child process, headless or with a window, and a ControlClient of the test
// speaking to it: the hello, "status", "start"/"stop"/"restart" seen on the
// "statuses" stream, "reload", "health", "shutdown", the "logs" stream, and
// one host per configuration (a second one refused, a killed one's lock and
// socket taken over), and a runtime directory it must not use (a warning).

#include "support/workhostprocess.h"
#include <workhost/control/controlclient.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/runtime/processexit.h>

#include <QCborArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>

using namespace workhost;
using namespace workhost::test;

namespace {

constexpr int waitMs = 60000; // generous: a loaded two-core machine under a sanitizer

// A host of one configuration in a child process, and a client connected to it.
class ControlledHost
{
public:
    ControlledHost(const QTemporaryDir &home, const QByteArray &json, const QString &file)
        : app(home)
        , config(writeFile(home, file, json))
        , socketPath(app.runtimeDirectory() + QLatin1Char('/') +
                     RuntimeDirectory::instanceName(config) + QStringLiteral(".sock"))
    {
        app.setEnvironment("QT_QPA_PLATFORM", "offscreen");
    }

    // Starts the host and connects to it.
    bool start(const QStringList &mode = {"--headless"})
    {
        app.start(mode + QStringList{"--config", config});
        return connect();
    }

    // Connects once the socket answers: a socket file a killed host left
    // refuses connections until the new host replaces it.
    bool connect()
    {
        QSignalSpy greeted(&client, &ControlClient::helloReceived);
        QSignalSpy failed(&client, &ControlClient::disconnected);
        int attempts = 0;
        return QTest::qWaitFor(
            [&] {
                if (!greeted.isEmpty())
                    return true;
                if (attempts == failed.count() && QFile::exists(socketPath)) {
                    ++attempts;
                    client.connectTo(socketPath);
                }
                return false;
            },
            waitMs);
    }

    ControlReply call(const QString &method, const QCborMap &params = {})
    {
        QSignalSpy replies(&client, &ControlClient::replyReceived);
        const qint64 id = client.request(method, params);
        std::optional<ControlReply> found;
        static_cast<void>(QTest::qWaitFor( // a missing reply is the failure returned
            [&] {
                for (const QList<QVariant> &args : std::as_const(replies))
                    if (args.at(0).value<ControlReply>().id == id)
                        found = args.at(0).value<ControlReply>();
                return found.has_value();
            },
            waitMs));
        return found.value_or(ControlReply::failure(id, "test", "no reply came"));
    }

    // Subscribes to `stream` (from seq 0: everything its backlog holds).
    bool subscribe(const QString &stream, std::optional<qint64> from = std::nullopt)
    {
        QCborMap params{{QStringLiteral("stream"), stream}};
        if (from)
            params.insert(QStringLiteral("from"), *from);
        return !call(QStringLiteral("subscribe"), params).isError();
    }

    // Waits for an event after the `skip` first ones that `matches`; its index, or -1.
    qsizetype waitForEvent(const std::function<bool(const QCborMap &payload)> &matches,
                           qsizetype skip = 0)
    {
        qsizetype found = -1;
        static_cast<void>(QTest::qWaitFor( // the caller checks for -1
            [&] {
                for (qsizetype i = skip; i < events.size() && found < 0; ++i)
                    if (matches(events.at(i).at(0).value<ControlEvent>().payload.toMap()))
                        found = i;
                return found >= 0;
            },
            waitMs));
        return found;
    }

    qsizetype waitForTransition(const QString &service, const QString &to, qsizetype skip = 0)
    {
        return waitForEvent(
            [&](const QCborMap &p) {
                return p.value(QStringLiteral("kind")).toString() == QLatin1String("transition") &&
                       p.value(QStringLiteral("service")).toString() == service &&
                       p.value(QStringLiteral("to")).toString() == to;
            },
            skip);
    }

    // The service's status from "status", or an empty map.
    QCborMap status(const QString &name)
    {
        const QCborArray services = call(QStringLiteral("status"))
                                        .result.toMap()
                                        .value(QStringLiteral("services"))
                                        .toArray();
        for (const QCborValue &service : services)
            if (service.toMap().value(QStringLiteral("name")).toString() == name)
                return service.toMap();
        return {};
    }

    WorkhostProcess app;
    const QString config;
    const QString socketPath;
    ControlClient client;
    QSignalSpy events{&client, &ControlClient::eventReceived};
};

QCborMap namesParams(const QStringList &names)
{
    return {{QStringLiteral("names"), QCborArray::fromStringList(names)}};
}

// A reply's error, or an empty one for a success.
ControlError errorOf(const ControlReply &reply)
{
    return reply.error.value_or(ControlError{});
}

// The one result of a start/stop/restart of one name: {name, ok, message}.
QCborMap onlyResult(const ControlReply &reply)
{
    return reply.result.toMap().value(QStringLiteral("results")).toArray().first().toMap();
}

const QByteArray sleeperAndBeat = R"({"workers": [
    {"name": "sleeper", "type": "command", "settings": {"program": "sleep", "arguments": ["600"]}},
    {"name": "beat", "type": "heartbeat"}]})";

} // namespace

class TestHostControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helloAndStatusNameTypeAndMemory()
    {
        QTemporaryDir home;
        ControlledHost host(home, sleeperAndBeat, "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        QCOMPARE(host.client.hello()->hostPid, host.app.pid());
        QCOMPARE(host.client.hello()->configPath, host.config);

        QCborMap sleeper;
        QVERIFY(QTest::qWaitFor(
            [&] {
                sleeper = host.status("sleeper");
                return sleeper.value(QStringLiteral("values"))
                    .toMap()
                    .contains(QStringLiteral("pid"));
            },
            waitMs));
        QCOMPARE(sleeper.value(QStringLiteral("type")).toString(), QStringLiteral("command"));
        QCOMPARE(sleeper.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QVERIFY(sleeper.value(QStringLiteral("memoryBytes")).toInteger() > 0);
        const QCborMap beat = host.status("beat");
        QCOMPARE(beat.value(QStringLiteral("type")).toString(), QStringLiteral("heartbeat"));
        QVERIFY(!beat.contains(QStringLiteral("memoryBytes"))); // no program of its own
    }

    void startStopAndRestartShowOnTheStatusesStream()
    {
        QTemporaryDir home;
        ControlledHost host(home, sleeperAndBeat, "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return host.status("sleeper").value(QStringLiteral("state")).toString() ==
                       QLatin1String("running");
            },
            waitMs));
        QVERIFY(host.subscribe(QStringLiteral("statuses")));

        QCOMPARE(onlyResult(host.call("stop", namesParams({"sleeper"}))),
                 (QCborMap{{"name", "sleeper"}, {"ok", true}, {"message", "stopping"}}));
        qsizetype at = host.waitForTransition("sleeper", "stopped");
        QVERIFY(at >= 0);
        QCOMPARE(onlyResult(host.call("stop", namesParams({"sleeper"}))),
                 (QCborMap{
                     {"name", "sleeper"}, {"ok", true}, {"message", "already at rest (stopped)"}}));

        QCOMPARE(onlyResult(host.call("start", namesParams({"sleeper"}))),
                 (QCborMap{{"name", "sleeper"}, {"ok", true}, {"message", "started"}}));
        at = host.waitForTransition("sleeper", "running", at + 1);
        QVERIFY(at >= 0);

        QCOMPARE(onlyResult(host.call("restart", namesParams({"sleeper"}))),
                 (QCborMap{{"name", "sleeper"}, {"ok", true}, {"message", "restarting"}}));
        at = host.waitForTransition("sleeper", "stopping", at + 1);
        QVERIFY(at >= 0);
        QVERIFY(host.waitForTransition("sleeper", "running", at + 1) >= 0);

        // Every worker, in the host's order; an unknown name; params that are wrong.
        const ControlReply all = host.call("stop", {{QStringLiteral("all"), true}});
        const QCborArray results = all.result.toMap().value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.at(0).toMap().value(QStringLiteral("name")).toString(),
                 QStringLiteral("sleeper"));
        QCOMPARE(results.at(1).toMap().value(QStringLiteral("name")).toString(),
                 QStringLiteral("beat"));
        QCOMPARE(
            onlyResult(host.call("start", namesParams({"ghost"}))),
            (QCborMap{{"name", "ghost"}, {"ok", false}, {"message", "no worker named ghost"}}));
        const ControlReply bad = host.call("restart");
        QCOMPARE(errorOf(bad).code, QString(errorcode::badParams));
        QVERIFY2(errorOf(bad).message.startsWith("field \"names\": expected an array"),
                 qPrintable(errorOf(bad).message));
    }

    // As `supervisorctl update`: added, removed and changed workers; the
    // unchanged one keeps its program (pid) and start time. A broken file
    // is badConfiguration, each error named, and nothing changes.
    void reloadAddsRemovesAndChanges()
    {
        QTemporaryDir home;
        ControlledHost host(home, R"({"workers": [
            {"name": "keep", "type": "command", "settings": {"program": "sleep", "arguments": ["600"]}},
            {"name": "drop", "type": "heartbeat"},
            {"name": "change", "type": "heartbeat", "settings": {"interval": 1}}]})",
                            "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        QCborMap keep;
        QVERIFY(QTest::qWaitFor(
            [&] {
                keep = host.status("keep");
                return keep.value(QStringLiteral("values")).toMap().contains(QStringLiteral("pid"));
            },
            waitMs));

        writeFile(home, "workhost.json", R"({"workers": [
            {"name": "keep", "type": "command", "settings": {"program": "sleep", "arguments": ["600"]}},
            {"name": "change", "type": "heartbeat", "settings": {"interval": 2}},
            {"name": "new", "type": "heartbeat"}]})");
        const ControlReply reloaded = host.call("reload");
        QVERIFY2(!reloaded.isError(), qPrintable(errorOf(reloaded).message));
        const QCborMap result = reloaded.result.toMap();
        QCOMPARE(result.value(QStringLiteral("anythingChanged")), QCborValue(true));
        QCOMPARE(result.value(QStringLiteral("summary")).toString(),
                 QStringLiteral("1 added, 1 removed, 1 changed, 1 unchanged"));
        QCOMPARE(result.value(QStringLiteral("added")), QCborValue(QCborArray{"new"}));
        QCOMPARE(result.value(QStringLiteral("removed")), QCborValue(QCborArray{"drop"}));
        QCOMPARE(result.value(QStringLiteral("changed")), QCborValue(QCborArray{"change"}));
        QCOMPARE(result.value(QStringLiteral("unchanged")), QCborValue(QCborArray{"keep"}));
        // The reply came after the reload finished: the host already runs the new file.
        QVERIFY(host.status("drop").isEmpty());
        QVERIFY(!host.status("new").isEmpty());
        const QCborMap kept = host.status("keep");
        QCOMPARE(kept.value(QStringLiteral("startedAt")), keep.value(QStringLiteral("startedAt")));
        QCOMPARE(kept.value(QStringLiteral("values")).toMap().value(QStringLiteral("pid")),
                 keep.value(QStringLiteral("values")).toMap().value(QStringLiteral("pid")));

        writeFile(home, "workhost.json", R"({"workers": [{"name": "keep", "type": "nope"},
            {"name": "x", "type": "heartbeat", "settings": {"interval": "fast"}}]})");
        const ControlError broken = errorOf(host.call("reload"));
        QCOMPARE(broken.code, QString(errorcode::badConfiguration));
        QVERIFY2(broken.message.contains(host.config +
                                         ": error: workers[0].type: unknown worker type \"nope\""),
                 qPrintable(broken.message));
        QVERIFY2(broken.message.contains(host.config + ": error: workers[1].settings.interval"),
                 qPrintable(broken.message));
        QVERIFY(!host.status("new").isEmpty());
        QCOMPARE(host.status("keep").value(QStringLiteral("startedAt")),
                 keep.value(QStringLiteral("startedAt")));
    }

    void healthFollowsTheWorkers()
    {
        QTemporaryDir home;
        const QString flag = home.filePath("fail-now");
        ControlledHost host(home,
                            QStringLiteral(R"({"workers": [
            {"name": "beat", "type": "heartbeat"},
            {"name": "fragile", "type": "command", "faultPolicy": "ignore", "settings": {
             "program": "sh", "arguments": ["-c", "while [ ! -e '%1' ]; do sleep 0.05; done; exit 3"]}}]})")
                                .arg(flag)
                                .toUtf8(),
                            "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return host.call("health").result.toMap().value(QStringLiteral("healthy")) ==
                       QCborValue(true);
            },
            waitMs));
        QVERIFY(host.subscribe(QStringLiteral("statuses"), 0));
        writeFile(home, "fail-now", "");
        QVERIFY(host.waitForTransition("fragile", "faulted") >= 0);
        const QCborMap health = host.call("health").result.toMap();
        QCOMPARE(health.value(QStringLiteral("healthy")), QCborValue(false));
        QCOMPARE(health.value(QStringLiteral("hostState")).toString(), QStringLiteral("running"));
        QCOMPARE(
            health.value(QStringLiteral("problems")),
            QCborValue(QCborArray{QCborMap{
                {"name", "fragile"}, {"state", "faulted"}, {"message", "exited with code 3"}}}));
    }

    // Headless keeps a live log sink, so a client can follow the workers' lines.
    void logsStreamCarriesTheWorkersLines()
    {
        QTemporaryDir home;
        ControlledHost host(home, R"({"workers": [{"name": "talker", "type": "command",
            "settings": {"program": "sh", "arguments": ["-c", "while true; do echo tick-line; sleep 0.1; done"]}}]})",
                            "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        QVERIFY(host.subscribe(QStringLiteral("logs"), 0));
        QVERIFY(host.waitForEvent([](const QCborMap &p) {
            return p.value(QStringLiteral("service")).toString() == QLatin1String("talker") &&
                   p.value(QStringLiteral("message")).toString() == QLatin1String("tick-line");
        }) >= 0);
    }

    void shutdownStopsTheHost()
    {
        QTemporaryDir home;
        ControlledHost host(home, sleeperAndBeat, "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        QSignalSpy disconnected(&host.client, &ControlClient::disconnected);
        const ControlReply reply = host.call("shutdown");
        QVERIFY(!reply.isError());
        QVERIFY(reply.result.toMap().contains(QStringLiteral("state")));
        QCOMPARE(host.app.finish(), int(ExitCode::Success));
        QVERIFY(disconnected.count() > 0 || disconnected.wait(waitMs));
        QVERIFY(!QFile::exists(host.socketPath));
        QVERIFY2(host.app.err.contains("control socket: shutdown requested"),
                 qPrintable(host.app.err));
    }

    void aWindowListensToo()
    {
        QTemporaryDir home;
        ControlledHost host(home, sleeperAndBeat, "workhost.json");
        QVERIFY2(host.start({}), qPrintable(host.app.err));
        QCOMPARE(host.client.hello()->hostPid, host.app.pid());
        QCOMPARE(host.status("sleeper").value(QStringLiteral("type")).toString(),
                 QStringLiteral("command"));
        // The window's host reloads and describes itself, as a headless one.
        const ControlReply reload = host.call("reload");
        QVERIFY2(!reload.isError(), qPrintable(errorOf(reload).message));
        QCOMPARE(reload.result.toMap().value(QStringLiteral("anythingChanged")).toBool(), false);
        const QCborMap described = host.call("describe").result.toMap();
        QCOMPARE(described.value(QStringLiteral("configPath")).toString(), host.config);
        QCOMPARE(described.value(QStringLiteral("workers")).toArray().size(), 2);

        WorkhostProcess second(home); // a second window on the same file attaches to it
        second.setEnvironment("QT_QPA_PLATFORM", "offscreen");
        second.start({"--config", host.config});
        QVERIFY2(second.waitForError(QStringLiteral("a host already runs %1 (pid %2): attaching")
                                         .arg(host.config)
                                         .arg(host.app.pid())),
                 qPrintable(second.err));
        second.signal(SIGTERM); // closes the attached window only
        QCOMPARE(second.finish(), int(ExitCode::Success));
        QCOMPARE(host.status("sleeper").value(QStringLiteral("state")).toString(),
                 QStringLiteral("running"));

        QVERIFY(!host.call("shutdown").isError()); // closes the window, as SIGTERM does
        QCOMPARE(host.app.finish(), int(ExitCode::Success));
        QVERIFY(!QFile::exists(host.socketPath));
    }

    void secondHeadlessHostIsRefused()
    {
        QTemporaryDir home;
        ControlledHost host(home, sleeperAndBeat, "workhost.json");
        QVERIFY2(host.start(), qPrintable(host.app.err));
        WorkhostProcess second(home);
        second.start({"--headless", "--config", host.config});
        QCOMPARE(second.finish(), int(ExitCode::HostAlreadyRunning));
        QCOMPARE(second.err,
                 QStringLiteral("workhost: a host already runs %1 (pid %2, socket %3); watch it "
                                "with `workhost ctl status`\n")
                     .arg(host.config)
                     .arg(host.app.pid())
                     .arg(host.socketPath));
        QCOMPARE(host.app.process.state(), QProcess::Running);
        QVERIFY(!host.call("status").isError()); // the first still answers
    }

    // A runtime directory others may enter is refused, never repaired: the
    // host says so in one line and runs without a socket.
    void unusableRuntimeDirectoryOnlyWarns()
    {
        QTemporaryDir home;
        ControlledHost host(home, sleeperAndBeat, "workhost.json");
        QVERIFY(QDir().mkpath(host.app.runtimeDirectory()));
        QVERIFY(QFile::setPermissions(host.app.runtimeDirectory(),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                          QFile::ReadGroup | QFile::ExeGroup));
        host.app.start({"--headless", "--run-for", "1", "--config", host.config});
        QCOMPARE(host.app.finish(), int(ExitCode::Success));
        QVERIFY2(host.app.err.contains(QStringLiteral("no control socket: ")) &&
                     host.app.err.contains(host.app.runtimeDirectory()) &&
                     host.app.err.contains(QStringLiteral("; the host runs without one")),
                 qPrintable(host.app.err));
        QVERIFY(host.app.err.contains(QStringLiteral("host started")));
        QVERIFY(!QFile::exists(host.socketPath));
    }

    // flock goes with its holder; the socket file it left is stale and replaced.
    void killedHostsLockAndSocketAreTakenOver()
    {
        QTemporaryDir home;
        const QByteArray beatOnly = R"({"workers": [{"name": "beat", "type": "heartbeat"}]})";
        ControlledHost killed(home, beatOnly, "workhost.json");
        QVERIFY2(killed.start(), qPrintable(killed.app.err));
        killed.app.signal(SIGKILL);
        QCOMPARE(killed.app.finish(), -2);
        QVERIFY(QFile::exists(killed.socketPath)); // left behind

        ControlledHost next(home, beatOnly, "workhost.json");
        QVERIFY2(next.start(), qPrintable(next.app.err));
        QCOMPARE(next.client.hello()->hostPid, next.app.pid());
        QVERIFY(next.app.waitForError("control socket: removed the stale"));
    }
};

QTEST_GUILESS_MAIN(TestHostControl)
#include "tst_hostcontrol.moc"
