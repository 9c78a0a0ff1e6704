// Editing a host through its control socket, as an attached window does: a
// real Host assembled from a configuration with the standard worker types,
// its in-process session behind a HostControl (as `workhost` sets it up,
// headless or with a window), and a RemoteHostSession on the socket. The
// host describes itself (types with their schemas, configuration, actions);
// adding, changing and removing a worker, an action, a log level, saving and
// reloading reach the host and its document, and the remote configuration
// shows each change by the time the command answers; wrong params name the
// field at fault.

#include "support/commandanswer.h"
#include "support/controlfixture.h"
#include "support/standardregistry.h"

#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>
#include <workhost/config/configwriter.h>
#include <workhost/control/hostcontrol.h>
#include <workhost/control/remotehostsession.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/hostassembly.h>
#include <workhost/session/inprocesshostsession.h>

#include <QTest>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr int waitMs = test::controlWaitMs;

WorkerConfig heartbeat(const QString &name, double interval)
{
    return WorkerConfig{name, "heartbeat", true, {{"interval", interval}}, {}};
}

Configuration initialConfiguration()
{
    Configuration config;
    config.workers = {
        heartbeat("beat", 5.0),
        WorkerConfig{"jobs",
                     "queue",
                     true,
                     {{"capacity", 1000}, {"producerRate", 0.0}, {"workPerItem", 0.1}},
                     {}}};
    return config;
}

// A host as `workhost` runs one: assembled from a file, its document, its
// in-process session and control socket; and a RemoteHostSession attached.
struct Fixture
{
    Fixture()
        : directory(RuntimeDirectory::prepare(temp.filePath("runtime")))
        , configPath(temp.filePath("workhost.json"))
        , host(assembleHost(initialConfiguration(), test::standardRegistry(), &logging))
        , document(initialConfiguration(), configPath)
        , local({.host = *host,
                 .registry = &test::standardRegistry(),
                 .document = &document,
                 .logging = &logging})
    {
        QVERIFY(ConfigWriter::save(initialConfiguration(), configPath).isEmpty());
        HostControlSetup setup;
        setup.server.configPath = configPath;
        setup.reload = local.configurationReload();
        setup.shutdown = [this] { host->stop(); };
        setup.session = &local;
        control = std::make_unique<HostControl>(*host, std::move(setup));
        const QString socket = directory.socketPath(configPath);
        QVERIFY(control->listen(socket));
        host->start();
        remote =
            std::make_unique<RemoteHostSession>(socket, ReconnectingClient::Backoff{20ms, 100ms});
    }
    ~Fixture()
    {
        remote.reset();
        control.reset();
        host->stop();
        if (!QTest::qWaitFor([&] { return host->state() == HostState::Stopped; }, waitMs))
            qWarning("the host did not stop");
    }
    bool attached() const
    {
        return QTest::qWaitFor(
            [&] {
                return remote->connection() == HostSession::Connection::Connected &&
                       host->state() == HostState::Running;
            },
            waitMs);
    }
    static QStringList namesIn(const Configuration &config)
    {
        QStringList names;
        for (const WorkerConfig &worker : config.workers)
            names << worker.name;
        return names;
    }

    QTemporaryDir temp;
    const RuntimeDirectory directory;
    const QString configPath;
    LogPipeline logging; // before the host: its workers log into it
    std::unique_ptr<Host> host;
    ConfigurationDocument document;
    InProcessHostSession local;
    std::unique_ptr<HostControl> control;
    std::unique_ptr<RemoteHostSession> remote;
};

using Answer = test::CommandAnswer;

} // namespace

class TestRemoteEditing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theHostDescribesItself();
    void addChangeAndRemoveAWorker();
    void anAddTheHostCannotCheckIsRefusedWithEveryError();
    void actionsLogLevelsAndSave();
    void aReloadReachesTheWindowsDocument();
    void wrongParamsNameTheField();
};

void TestRemoteEditing::theHostDescribesItself()
{
    Fixture f;
    QVERIFY(f.attached());
    const WorkerRegistry &types = f.remote->workerTypes();
    QCOMPARE(types.typeNames(), test::standardRegistry().typeNames());
    const WorkerType *queue = types.find(QStringLiteral("queue"));
    QVERIFY(queue);
    QVERIFY(!queue->create); // a schema: only the host makes workers
    const WorkerType *original = test::standardRegistry().find(QStringLiteral("queue"));
    QCOMPARE(queue->description, original->description);
    QCOMPARE(queue->settings.size(), original->settings.size());
    for (qsizetype i = 0; i < queue->settings.size(); ++i) {
        QCOMPARE(queue->settings[i].name, original->settings[i].name);
        QCOMPARE(queue->settings[i].type, original->settings[i].type);
        QCOMPARE(queue->settings[i].minimum, original->settings[i].minimum);
        QCOMPARE(queue->settings[i].maximum, original->settings[i].maximum);
        QCOMPARE(queue->settings[i].defaultValue.toDouble(),
                 original->settings[i].defaultValue.toDouble());
    }
    QCOMPARE(Fixture::namesIn(f.remote->configuration()), (QStringList{"beat", "jobs"}));
    QCOMPARE(f.remote->configuration().workers[0].settings.value("interval").toDouble(), 5.0);
    QCOMPARE(f.remote->configurationPath(), f.configPath);
    const QList<ServiceAction> actions = f.remote->workerActions(QStringLiteral("jobs"));
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions[0].name, QStringLiteral("enqueue"));
    QVERIFY(actions[0].count);
    QCOMPARE(actions[0].count->maximum, 100000);
    QVERIFY(f.remote->workerActions(QStringLiteral("beat")).isEmpty());
    QCOMPARE(f.remote->workerOptions(QStringLiteral("beat")), std::optional(ServiceOptions{}));
}

void TestRemoteEditing::addChangeAndRemoveAWorker()
{
    Fixture f;
    QVERIFY(f.attached());
    Answer add;
    f.remote->addWorker(heartbeat("extra", 1.0), add.reply(this));
    QCOMPARE(add.wait(), CommandResult::done());
    // By the answer, the remote configuration shows it, as in-process.
    QCOMPARE(Fixture::namesIn(f.remote->configuration()), (QStringList{"beat", "jobs", "extra"}));
    QVERIFY(f.host->contains(QStringLiteral("extra")));
    QCOMPARE(Fixture::namesIn(f.document.configuration()), (QStringList{"beat", "jobs", "extra"}));

    Answer running; // a running worker's settings are not changed
    f.remote->changeWorkerSettings(QStringLiteral("extra"), {{"interval", 2.0}},
                                   running.reply(this));
    QTRY_VERIFY_WITH_TIMEOUT(running.result.has_value(), waitMs);
    QCOMPARE(running.result->outcome, CommandResult::Outcome::Refused);
    QCOMPARE(running.result->message, QStringLiteral("stop extra first"));

    Answer stop, change, remove;
    f.remote->stopWorker(QStringLiteral("extra"), stop.reply(this));
    QVERIFY(stop.wait().ok());
    QTRY_COMPARE_WITH_TIMEOUT(f.host->status(QStringLiteral("extra"))->state, ServiceState::Stopped,
                              waitMs);
    f.remote->changeWorkerSettings(QStringLiteral("extra"), {{"interval", 2.0}},
                                   change.reply(this));
    QCOMPARE(change.wait(), CommandResult::done());
    QCOMPARE(f.document.worker(QStringLiteral("extra"))->settings.value("interval").toDouble(),
             2.0);
    QCOMPARE(f.remote->configuration().workers.last().settings.value("interval").toDouble(), 2.0);

    QTRY_COMPARE_WITH_TIMEOUT(f.host->status(QStringLiteral("extra"))->state, ServiceState::Running,
                              waitMs); // made again, it starts
    Answer stopAgain;
    f.remote->stopWorker(QStringLiteral("extra"), stopAgain.reply(this));
    QVERIFY(stopAgain.wait().ok());
    QTRY_COMPARE_WITH_TIMEOUT(f.host->status(QStringLiteral("extra"))->state, ServiceState::Stopped,
                              waitMs);
    f.remote->removeWorker(QStringLiteral("extra"), remove.reply(this));
    QCOMPARE(remove.wait(), CommandResult::done());
    QVERIFY(!f.host->contains(QStringLiteral("extra")));
    QCOMPARE(Fixture::namesIn(f.remote->configuration()), (QStringList{"beat", "jobs"}));
    QVERIFY(!f.remote->status(QStringLiteral("extra")));
}

void TestRemoteEditing::anAddTheHostCannotCheckIsRefusedWithEveryError()
{
    Fixture f;
    QVERIFY(f.attached());
    Answer unknownType, badSetting, taken;
    f.remote->addWorker(WorkerConfig{"odd", "nope", true, {}, {}}, unknownType.reply(this));
    f.remote->addWorker(heartbeat("fast", -1.0), badSetting.reply(this));
    f.remote->addWorker(heartbeat("beat", 1.0), taken.reply(this));
    for (Answer *answer : {&unknownType, &badSetting, &taken})
        QCOMPARE(answer->wait().outcome, CommandResult::Outcome::Refused);
    QVERIFY2(unknownType.result->message.contains(QStringLiteral("\"nope\"")),
             qPrintable(unknownType.result->message));
    QVERIFY2(badSetting.result->message.contains(QStringLiteral("interval")),
             qPrintable(badSetting.result->message));
    QVERIFY2(taken.result->message.contains(QStringLiteral("beat")),
             qPrintable(taken.result->message));
    QCOMPARE(f.host->serviceNames(), (QStringList{"beat", "jobs"}));
    QCOMPARE(Fixture::namesIn(f.document.configuration()), (QStringList{"beat", "jobs"}));
}

void TestRemoteEditing::actionsLogLevelsAndSave()
{
    Fixture f;
    QVERIFY(f.attached());
    Answer action, unknownAction, level, global, save;
    f.remote->runAction(QStringLiteral("jobs"), QStringLiteral("enqueue"), 5, action.reply(this));
    f.remote->runAction(QStringLiteral("jobs"), QStringLiteral("explode"), 1,
                        unknownAction.reply(this));
    f.remote->setLogLevel(QStringLiteral("beat"), LogLevel::Debug, level.reply(this));
    f.remote->setLogLevel({}, std::nullopt, global.reply(this)); // the global level needs one
    QVERIFY(action.wait().ok());
    QVERIFY2(action.result->message.contains(QLatin1Char('5')), qPrintable(action.result->message));
    QCOMPARE(unknownAction.wait().outcome, CommandResult::Outcome::Refused);
    QCOMPARE(level.wait(), CommandResult::done());
    QCOMPARE(global.wait().outcome, CommandResult::Outcome::Refused);

    Answer add;
    f.remote->addWorker(heartbeat("saved", 3.0), add.reply(this));
    QVERIFY(add.wait().ok());
    f.remote->saveConfiguration(save.reply(this));
    QVERIFY(save.wait().ok());
    QVERIFY2(save.result->message.contains(f.configPath), qPrintable(save.result->message));
    const ConfigLoader::Result written =
        ConfigLoader(test::standardRegistry()).loadFile(f.configPath);
    QVERIFY(written.ok());
    QCOMPARE(Fixture::namesIn(written.config), (QStringList{"beat", "jobs", "saved"}));
}

// A host with a window reloads too (it answered `unavailable` before): the
// file gains a worker and changes another; the window's document follows.
void TestRemoteEditing::aReloadReachesTheWindowsDocument()
{
    Fixture f;
    QVERIFY(f.attached());
    Configuration edited = initialConfiguration();
    edited.workers[0] = heartbeat("beat", 2.0);
    edited.workers << heartbeat("more", 1.0);
    QVERIFY(ConfigWriter::save(edited, f.configPath).isEmpty());
    Answer reload;
    f.remote->reloadConfiguration(reload.reply(this));
    QVERIFY2(reload.wait().ok(), qPrintable(reload.result->message));
    QCOMPARE(reload.result->message, QStringLiteral("1 added, 0 removed, 1 changed, 1 unchanged"));
    QVERIFY(f.host->contains(QStringLiteral("more")));
    QCOMPARE(Fixture::namesIn(f.document.configuration()), (QStringList{"beat", "jobs", "more"}));
    QCOMPARE(f.document.worker(QStringLiteral("beat"))->settings.value("interval").toDouble(), 2.0);
    QCOMPARE(Fixture::namesIn(f.remote->configuration()), (QStringList{"beat", "jobs", "more"}));
}

void TestRemoteEditing::wrongParamsNameTheField()
{
    Fixture f;
    QVERIFY(f.attached());
    ControlClient client;
    QSignalSpy greeted(&client, &ControlClient::helloReceived);
    client.connectTo(f.directory.socketPath(f.configPath));
    QVERIFY(greeted.wait(waitMs));
    const auto call = [&](const QString &method, const QCborMap &params) {
        return test::awaitReply(client, client.request(method, params));
    };
    const ControlReply noName = call("settings", {{"settings", QCborMap{}}});
    QCOMPARE(noName.error->code, QStringLiteral("badParams"));
    QVERIFY2(noName.error->message.contains(QStringLiteral("\"name\"")),
             qPrintable(noName.error->message));
    const ControlReply loud = call("logLevel", {{"logger", "beat"}, {"level", "loud"}});
    QCOMPARE(loud.error->code, QStringLiteral("badParams"));
    QVERIFY2(loud.error->message.contains(QStringLiteral("\"loud\"")),
             qPrintable(loud.error->message));
    const ControlReply notAWorker = call("add", {{"worker", 5}});
    QCOMPARE(notAWorker.error->code, QStringLiteral("badParams"));
    const ControlReply count = call("action", {{"name", "jobs"}, {"action", "enqueue"}});
    QCOMPARE(count.error->code, QStringLiteral("badParams"));
    QVERIFY2(count.error->message.contains(QStringLiteral("\"count\"")),
             qPrintable(count.error->message));
    QCOMPARE(f.host->serviceNames(), (QStringList{"beat", "jobs"}));
}

QTEST_MAIN(TestRemoteEditing)
#include "tst_remoteediting.moc"
