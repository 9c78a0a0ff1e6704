// The contract of HostSession, checked on the in-process one over a real
// Host: commands act at once and answer exactly once, later, from the event
// loop, with a reason a person can read; a destroyed receiver gets nothing; a
// reply dropped unanswered says so; the host's signals come through in order;
// adding, removing, changing settings, saving and reloading edit the
// configuration; the log resumes after a sequence number.

#include "support/testservices.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/hostassembly.h>
#include <workhost/session/inprocesshostsession.h>
#include <workhost/session/logsubscription.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <spdlog/logger.h>

#include <functional>
#include <memory>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// One worker type, "waiter": waits for its stop; its "tag" setting changes nothing but itself.
const WorkerRegistry &registry()
{
    static const WorkerRegistry registry = [] {
        WorkerRegistry r;
        r.add({"waiter",
               "waits for its stop",
               {SettingSpec::text("tag").withDefault(QString()),
                SettingSpec::integer("weight").between(1, 9).withDefault(1)},
               [](const QString &name, const QVariantMap &) {
                   return std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop);
               },
               {}});
        return r;
    }();
    return registry;
}

WorkerConfig waiter(const QString &name, const QString &tag = {})
{
    return WorkerConfig{name, "waiter", true, {{"tag", tag}, {"weight", 1}}, {}};
}

// What the answers to the commands sent through it came to, in order.
struct Answers : QObject
{
    CommandReply next()
    {
        return CommandReply(this, [this](const CommandResult &result) { results << result; });
    }
    QList<CommandResult> results;
};

// A running host with the workers "a" and "b", its document (in a folder of
// its own) and pipeline, and the session over all of them.
struct Running
{
    Running()
        : document(configuration(), dir.filePath("workhost.json"))
    {
        host->addService(std::make_unique<ScriptedWorker>("a", Behaviour::WaitForStop));
        host->addService(std::make_unique<ScriptedWorker>("b", Behaviour::WaitForStop));
        host->start();
    }
    ~Running()
    {
        host->stop();
        if (!QTest::qWaitFor([&] { return host->state() == HostState::Stopped; }, 30000))
            qWarning("the host did not stop within 30 s");
    }
    static Configuration configuration()
    {
        Configuration config;
        config.workers = {waiter("a"), waiter("b")};
        return config;
    }
    bool waitForRunning() const
    {
        return QTest::qWaitFor([&] { return host->state() == HostState::Running; }, 30000);
    }

    QTemporaryDir dir;
    LogPipeline logging;
    std::unique_ptr<Host> host = std::make_unique<Host>();
    ConfigurationDocument document;
    InProcessHostSession session{
        {.host = *host, .registry = &registry(), .document = &document, .logging = &logging}};
    Answers answers;
};

using Command = std::function<void(HostSession &, CommandReply)>;

} // namespace

Q_DECLARE_METATYPE(Command)

class TestInProcessHostSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCommandAnswersWithAReason_data()
    {
        QTest::addColumn<Command>("command");
        QTest::addColumn<CommandResult>("expected");
        const auto refused = CommandResult::refused;
        QTest::newRow("start an unknown worker")
            << Command([](HostSession &s, CommandReply r) { s.startWorker("zed", std::move(r)); })
            << refused("there is no worker named zed");
        QTest::newRow("start a running one: it already is")
            << Command([](HostSession &s, CommandReply r) { s.startWorker("a", std::move(r)); })
            << CommandResult::done();
        QTest::newRow("no name") << Command([](HostSession &s, CommandReply r) {
            s.stopWorker("", std::move(r));
        }) << refused("no worker name given");
        QTest::newRow("stop") << Command([](HostSession &s, CommandReply r) {
            s.stopWorker("a", std::move(r));
        }) << CommandResult::done();
        QTest::newRow("remove a running one")
            << Command([](HostSession &s, CommandReply r) { s.removeWorker("b", std::move(r)); })
            << refused("stop b first");
        QTest::newRow("change a running one") << Command([](HostSession &s, CommandReply r) {
            s.changeWorkerSettings("b", {{"tag", "x"}}, std::move(r));
        }) << refused("stop b first");
        QTest::newRow("add a name taken") << Command([](HostSession &s, CommandReply r) {
            s.addWorker(waiter("a"), std::move(r));
        }) << refused("a service named \"a\" is already in the host");
        QTest::newRow("an action it does not declare")
            << Command([](HostSession &s, CommandReply r) {
                   s.runAction("a", "jump", 1, std::move(r));
               })
            << refused("a has no action \"jump\"");
        QTest::newRow("the global level without a level")
            << Command([](HostSession &s, CommandReply r) {
                   s.setLogLevel("", std::nullopt, std::move(r));
               })
            << refused("the global log level needs a level");
    }

    void everyCommandAnswersWithAReason()
    {
        QFETCH(Command, command);
        QFETCH(CommandResult, expected);
        Running r;
        QVERIFY(r.waitForRunning());
        command(r.session, r.answers.next());
        QVERIFY(r.answers.results.isEmpty()); // never inside the call
        QTRY_COMPARE(r.answers.results.size(), 1);
        QCOMPARE(r.answers.results.first().message, expected.message);
        QCOMPARE(r.answers.results.first().outcome, expected.outcome);
    }

    void aSessionWithoutPartsRefusesWhatNeedsThem()
    {
        Host host;
        host.addService(std::make_unique<ScriptedWorker>("a", Behaviour::WaitForStop));
        InProcessHostSession session({.host = host});
        Answers answers;
        session.startWorker("a", answers.next()); // the host is not started
        session.addWorker(waiter("c"), answers.next());
        session.saveConfiguration(answers.next());
        session.reloadConfiguration(answers.next());
        session.setLogLevel("a", LogLevel::Debug, answers.next());
        QTRY_COMPARE(answers.results.size(), 5);
        QCOMPARE(answers.results,
                 QList<CommandResult>(
                     {CommandResult::refused("the host is Created: it starts and stops no worker"),
                      CommandResult::refused("this session knows no worker types"),
                      CommandResult::refused("this session has no configuration to save"),
                      CommandResult::refused("this session has no configuration file to read"),
                      CommandResult::refused("this session has no log pipeline")}));
        QCOMPARE(session.connection(), HostSession::Connection::Connected);
        QCOMPARE(session.description(), QString());
        QVERIFY(session.configuration().workers.isEmpty());
    }

    void aReceiverGoneGetsNoAnswerAndADroppedReplySaysSo()
    {
        Running r;
        QVERIFY(r.waitForRunning());
        bool goneAnswered = false;
        auto gone = std::make_unique<QObject>();
        r.session.stopWorker(
            "a", CommandReply(gone.get(), [&](const CommandResult &) { goneAnswered = true; }));
        gone.reset();
        r.session.stopWorker("b", r.answers.next()); // queued after the first answer
        {
            CommandReply dropped = r.answers.next();
        }
        QTRY_COMPARE(r.answers.results.size(), 2);
        QVERIFY(!goneAnswered);
        QCOMPARE(r.answers.results.at(0), CommandResult::done());
        QCOMPARE(r.answers.results.at(1),
                 CommandResult::unanswered("the host session ended before it answered"));
    }

    void theHostsSignalsComeThroughInOrder()
    {
        Host host;
        host.addService(std::make_unique<ScriptedWorker>("a", Behaviour::WaitForStop));
        InProcessHostSession session({.host = host});
        QStringList events;
        connect(&session, &HostSession::hostStateChanged, this,
                [&](HostState state) { events << enumName(state); });
        connect(&session, &HostSession::workerStateChanged, this, [&](const ServiceTransition &t) {
            events << QStringLiteral("%1 %2").arg(t.service, enumName(t.to));
        });
        QSignalSpy batches(&session, &HostSession::statusesChanged);
        QSignalSpy progress(&session, &HostSession::shutdownProgressChanged);
        host.start();
        QTRY_COMPARE(session.hostState(), HostState::Running);
        QTRY_VERIFY(!batches.isEmpty());
        session.stopHost();
        QTRY_COMPARE_WITH_TIMEOUT(session.hostState(), HostState::Stopped, 30000);
        QCOMPARE(events, QStringList({"Starting", "a Starting", "a Running", "Running", "Stopping",
                                      "a Stopping", "a Stopped", "Stopped"}));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(session.shutdownProgress().entries.size(), 1);
        QCOMPARE(session.workerNames(), QStringList({"a"}));
    }

    void addRemoveAndChangeEditTheConfiguration()
    {
        Running r;
        QVERIFY(r.waitForRunning());
        QSignalSpy added(&r.session, &HostSession::workerAdded);
        QSignalSpy changed(&r.session, &HostSession::configurationChanged);
        r.session.addWorker(waiter("c", "new"), r.answers.next());
        QCOMPARE(added.count(), 1); // at once; only the answer waits
        QVERIFY(r.session.configuration().workers.size() == 3);
        QTRY_COMPARE(r.session.status("c")->state, ServiceState::Running);

        r.session.stopWorker("c", r.answers.next());
        QTRY_COMPARE(r.session.status("c")->state, ServiceState::Stopped);
        QTRY_VERIFY(!r.session.status("c")->threadAlive);
        r.session.changeWorkerSettings("c", {{"weight", 12}}, r.answers.next());
        r.session.changeWorkerSettings("c", {{"tag", "newer"}}, r.answers.next());
        r.session.removeWorker("a", r.answers.next());
        QTRY_COMPARE(r.answers.results.size(), 5);
        QCOMPARE(r.answers.results.at(0), CommandResult::done());
        QCOMPARE(r.answers.results.at(2).outcome, CommandResult::Outcome::Refused);
        QVERIFY2(r.answers.results.at(2).message.contains("weight"),
                 qPrintable(r.answers.results.at(2).message));
        QCOMPARE(r.answers.results.at(3), CommandResult::done());
        QCOMPARE(r.answers.results.at(4), CommandResult::refused("stop a first"));
        QCOMPARE(r.document.worker("c")->settings.value("tag"), QVariant("newer"));
        QCOMPARE(r.session.workerNames(), QStringList({"a", "b", "c"}));
        QCOMPARE(changed.count(), 2);

        r.session.stopWorker("a");
        QTRY_VERIFY(!r.session.status("a")->threadAlive &&
                    r.session.status("a")->state == ServiceState::Stopped);
        r.session.removeWorker("a", r.answers.next());
        QTRY_COMPARE(r.answers.results.size(), 6);
        QCOMPARE(r.answers.results.last(), CommandResult::done());
        QVERIFY(!r.document.worker("a"));
        QCOMPARE(r.session.workerNames(), QStringList({"b", "c"}));
    }

    void saveAndReloadUseTheFile()
    {
        Running r;
        QVERIFY(r.waitForRunning());
        r.session.saveConfiguration(r.answers.next());
        QTRY_COMPARE(r.answers.results.size(), 1);
        QCOMPARE(r.answers.results.first(),
                 CommandResult::done("Configuration saved to " + r.document.path()));

        QFile file(r.document.path());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"({"workers": [
            {"name": "a", "type": "waiter"}, {"name": "d", "type": "waiter"}]})");
        file.close();
        r.session.reloadConfiguration(r.answers.next());
        // Asked while the first waits for "b" to stop: the reload run after it answers.
        r.session.reloadConfiguration(r.answers.next());
        QTRY_COMPARE_WITH_TIMEOUT(r.answers.results.size(), 3, 30000);
        QCOMPARE(r.answers.results.at(1),
                 CommandResult::done("1 added, 1 removed, 0 changed, 1 unchanged"));
        QCOMPARE(r.answers.results.at(2),
                 CommandResult::done("0 added, 0 removed, 0 changed, 2 unchanged"));
        QCOMPARE(r.session.workerNames(), QStringList({"a", "d"}));
        QVERIFY(r.document.worker("d"));
        QVERIFY(!r.document.worker("b"));
    }

    void theLogResumesAfterASequenceNumber()
    {
        // A host that is not started: nothing but this test writes to the log.
        Host host;
        LogPipeline logging;
        InProcessHostSession session({.host = host, .logging = &logging});
        spdlog::logger logger("writer", logging.liveSink());
        const quint64 before = logging.liveSink()->newestSequence();
        for (int i = 1; i <= 10; ++i)
            logger.info("line {}", i);
        std::unique_ptr<LogSubscription> log = session.followLog(before + 4);
        QSignalSpy batches(log.get(), &LogSubscription::batchReady);
        log->takeNow();
        QCOMPARE(batches.count(), 1);
        const auto records = batches.first().at(0).value<LogRecords>();
        QCOMPARE(batches.first().at(1).toULongLong(), quint64(0)); // none missed
        QStringList messages;
        QList<quint64> numbers;
        for (const LogRecord &record : records) {
            messages << record.message;
            numbers << record.sequence - before;
        }
        QCOMPARE(messages,
                 QStringList({"line 5", "line 6", "line 7", "line 8", "line 9", "line 10"}));
        QCOMPARE(numbers, QList<quint64>({5, 6, 7, 8, 9, 10}));
        QCOMPARE(log->lastSequence(), before + 10);
        log->takeNow(); // nothing new: no batch
        QCOMPARE(batches.count(), 1);
    }

    void logLevelsReachThePipeline()
    {
        Running r;
        r.session.setLogLevel("a", LogLevel::Debug, r.answers.next());
        r.session.setLogLevel("", LogLevel::Warning, r.answers.next());
        QCOMPARE(r.logging.serviceLevel("a"), std::optional<LogLevel>(LogLevel::Debug));
        QCOMPARE(r.logging.level(), LogLevel::Warning);
        r.session.setLogLevel("a", std::nullopt, r.answers.next());
        QVERIFY(!r.logging.serviceLevel("a").has_value());
        QTRY_COMPARE(r.answers.results.size(), 3);
        QCOMPARE(r.answers.results, QList<CommandResult>(3, CommandResult::done()));
    }
};

QTEST_MAIN(TestInProcessHostSession)
#include "tst_inprocesshostsession.moc"
