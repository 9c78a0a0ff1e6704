// RemoteHostSession and its log subscription against a real Host, its log
// pipeline and a HostControl in this process: the snapshot and the state
// that follows it, commands answered from the host's replies (and Refused
// by a host that cannot edit), a lost connection answering every
// pending command Unanswered, reconnecting once a host listens again, a
// log that resumes across the reconnect with every record exactly once; the
// host's states and the workers added and removed as the "statuses" stream
// tells them (a host stopped by another client, workers changed on the host),
// each worker's type, down to a WorkerStatusModel's Type column, and the
// host's shutdown progress, its countdown moving between the host's reports.

#include "support/commandanswer.h"
#include "support/controlfixture.h"

#include <workhost/control/controlclient.h>
#include <workhost/control/hostcontrol.h>
#include <workhost/control/remotehostsession.h>
#include <workhost/control/remoteshutdownprogress.h>
#include <workhost/control/shutdownprogresscbor.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/models/workerstatusmodel.h>
#include <workhost/session/logsubscription.h>

#include <QDeadlineTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <unistd.h>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr int waitMs = test::controlWaitMs;
constexpr ReconnectingClient::Backoff quickRetry{20ms, 100ms};

// A running host with two workers, "alpha" and "beta", and its control socket.
struct Fixture
{
    Fixture()
        : pipeline(LogOptions{})
    {
        for (const char *name : {"alpha", "beta"})
            control.host.addService(std::make_unique<test::ScriptedWorker>(
                QString::fromLatin1(name), test::Behaviour::WaitForStop));
        control.server.reset(); // the HostControl below takes the socket
    }
    bool start()
    {
        control.host.start();
        return listen() &&
               QTest::qWaitFor([&] { return control.host.state() == HostState::Running; }, waitMs);
    }
    bool listen()
    {
        hostControl = std::make_unique<HostControl>(
            control.host,
            HostControlSetup{
                .server = {.configPath = control.configPath, .liveLog = pipeline.liveSink()},
                .reload = nullptr,
                .shutdown = [this] { control.host.stop(); },
                .workerType =
                    [](const QString &name) { return QStringLiteral("type-%1").arg(name); }});
        return hostControl->listen(control.socketPath);
    }
    // Every connection ends, as when the host's process dies; the host and
    // its streams stay, so that the same host answers again on relisten().
    void dropClients() const { hostControl->server().close(); }
    bool relisten() const { return hostControl->server().listen(control.socketPath); }
    void log(int from, int to) const
    {
        const auto logger = LogPipeline::loggerFor("test");
        for (int i = from; i < to; ++i)
            logger->info("line {}", i);
    }

    LogPipeline pipeline; // made first, gone last: the server reads it
    test::ControlFixture control;
    std::unique_ptr<HostControl> hostControl;
};

using Answer = test::CommandAnswer;

bool connected(const HostSession &session)
{
    return QTest::qWaitFor(
        [&] { return session.connection() == HostSession::Connection::Connected; }, waitMs);
}

std::optional<ServiceState> stateOf(const HostSession &session, const QString &worker)
{
    const std::optional<ServiceStatus> status = session.status(worker);
    return status ? std::optional(status->state) : std::nullopt;
}

ShutdownProgress lastProgress(const QSignalSpy &spy)
{
    return spy.isEmpty() ? ShutdownProgress{} : spy.last().at(0).value<ShutdownProgress>();
}

QStringList entryNames(const ShutdownProgress &progress)
{
    QStringList names;
    for (const ShutdownProgress::Entry &entry : progress.entries)
        names << entry.service;
    return names;
}

} // namespace

class TestRemoteHostSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void attachesWithTheSnapshot();
    void commandsAnswerFromTheHostsReplies();
    void editsAHostCannotMakeAreRefused();
    void aLostConnectionAnswersPendingCommandsAndReconnects();
    void theLogResumesAfterAReconnectWithEveryRecordOnce();
    void aHostStoppedByAnotherClientIsStoppingThenStopped();
    void workersAddedAndRemovedOnTheHostFollowWithTheirType();
    void theShutdownProgressFollowsTheHostsStop();
    void aReportMovesOnUntilTheConnectionEnds();
};

void TestRemoteHostSession::attachesWithTheSnapshot()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QCOMPARE(session.connection(), HostSession::Connection::Connecting);
    QVERIFY(connected(session));
    QCOMPARE(session.workerNames(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    QCOMPARE(session.hostState(), HostState::Running);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(session, QStringLiteral("alpha")),
                              std::optional(ServiceState::Running), waitMs);
    QCOMPARE(session.description(),
             QStringLiteral("attached to the host of workhost.json, pid %1").arg(::getpid()));
    QCOMPARE(session.configurationPath(), f.control.configPath);
}

void TestRemoteHostSession::commandsAnswerFromTheHostsReplies()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QVERIFY(connected(session));
    QSignalSpy transitions(&session, &HostSession::workerStateChanged);

    Answer stop;
    session.stopWorker(QStringLiteral("alpha"), stop.reply(this));
    QCOMPARE(stop.wait(), CommandResult::done(QStringLiteral("stopping")));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(session, QStringLiteral("alpha")),
                              std::optional(ServiceState::Stopped), waitMs);
    QCOMPARE(f.control.host.status(QStringLiteral("alpha"))->state, ServiceState::Stopped);
    QVERIFY(!transitions.isEmpty());
    QCOMPARE(transitions.last().at(0).value<ServiceTransition>().to, ServiceState::Stopped);

    Answer start;
    session.startWorker(QStringLiteral("alpha"), start.reply(this));
    QCOMPARE(start.wait(), CommandResult::done(QStringLiteral("started")));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(session, QStringLiteral("alpha")),
                              std::optional(ServiceState::Running), waitMs);

    Answer unknown;
    session.restartWorker(QStringLiteral("nope"), unknown.reply(this));
    QCOMPARE(unknown.wait(), CommandResult::refused(QStringLiteral("no worker named nope")));

    Answer reload; // this host was given no ConfigurationReload: the host says why
    session.reloadConfiguration(reload.reply(this));
    QCOMPARE(reload.wait().outcome, CommandResult::Outcome::Refused);
}

// A host given no session to edit through (an embedder's): the edits reach
// it and are refused, naming what it does not know; nothing changes.
void TestRemoteHostSession::editsAHostCannotMakeAreRefused()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QVERIFY(connected(session));
    QVERIFY(session.workerTypes().types().isEmpty());
    Answer remove, save, level, action;
    session.removeWorker(QStringLiteral("alpha"), remove.reply(this));
    session.saveConfiguration(save.reply(this));
    session.setLogLevel({}, LogLevel::Debug, level.reply(this));
    session.runAction(QStringLiteral("alpha"), QStringLiteral("go"), 1, action.reply(this));
    for (Answer *answer : {&remove, &save, &level, &action}) {
        const CommandResult result = answer->wait();
        QCOMPARE(result.outcome, CommandResult::Outcome::Refused);
        QVERIFY2(result.message.contains(QStringLiteral("no method")) ||
                     result.message.contains(QStringLiteral("unknown")),
                 qPrintable(result.message));
    }
    QCOMPARE(f.control.host.status(QStringLiteral("alpha"))->state, ServiceState::Running);
}

void TestRemoteHostSession::aLostConnectionAnswersPendingCommandsAndReconnects()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QVERIFY(connected(session));
    QSignalSpy connections(&session, &HostSession::connectionChanged);

    Answer stop;
    session.stopWorker(QStringLiteral("beta"), stop.reply(this));
    f.dropClients(); // before the host read the request: it never answers
    QCOMPARE(stop.wait().outcome, CommandResult::Outcome::Unanswered);
    QCOMPARE(session.connection(), HostSession::Connection::Disconnected);
    QCOMPARE(connections.first().at(0).value<HostSession::Connection>(),
             HostSession::Connection::Disconnected);
    QVERIFY(session.status(QStringLiteral("beta"))); // kept, for the greyed table

    Answer refused; // while disconnected: not sent at all
    session.startWorker(QStringLiteral("beta"), refused.reply(this));
    QCOMPARE(refused.wait().outcome, CommandResult::Outcome::Unanswered);

    QVERIFY(f.relisten());
    QVERIFY(connected(session));
    QCOMPARE(session.workerNames(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    Answer again;
    session.stopWorker(QStringLiteral("beta"), again.reply(this));
    QCOMPARE(again.wait(), CommandResult::done(QStringLiteral("stopping")));
}

void TestRemoteHostSession::theLogResumesAfterAReconnectWithEveryRecordOnce()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    std::unique_ptr<LogSubscription> log = session.followLog();
    QStringList lines;
    quint64 missed = 0;
    quint64 lastSequence = 0;
    bool inOrder = true;
    connect(log.get(), &LogSubscription::batchReady, this,
            [&](const LogRecords &records, quint64 missedBefore) {
                missed += missedBefore;
                for (const LogRecord &record : records) {
                    inOrder = inOrder && record.sequence > lastSequence;
                    lastSequence = record.sequence;
                    if (record.service == QLatin1String("test"))
                        lines << record.message;
                }
            });
    f.log(0, 100);
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 100, waitMs);

    f.dropClients();
    f.log(100, 200); // while no one is connected: the host's backlog keeps them
    QVERIFY(f.relisten());
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 200, waitMs);
    f.log(200, 210);
    QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 210, waitMs);
    for (int i = 0; i < 210; ++i)
        QCOMPARE(lines.at(i), QStringLiteral("line %1").arg(i));
    QVERIFY(inOrder);
    QCOMPARE(missed, quint64(0));
    QCOMPARE(log->lastSequence(), lastSequence);
}

void TestRemoteHostSession::aHostStoppedByAnotherClientIsStoppingThenStopped()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QVERIFY(connected(session));
    QSignalSpy states(&session, &HostSession::hostStateChanged);

    ControlClient other; // `workhost ctl shutdown`, say
    QSignalSpy hello(&other, &ControlClient::helloReceived);
    other.connectTo(f.control.socketPath);
    QVERIFY(hello.wait(waitMs));
    QVERIFY(!test::awaitReply(other, other.request(QStringLiteral("shutdown"))).isError());

    QTRY_COMPARE_WITH_TIMEOUT(session.hostState(), HostState::Stopped, waitMs);
    QCOMPARE(states.size(), 2);
    QCOMPARE(states.at(0).at(0).value<HostState>(), HostState::Stopping);
    QCOMPARE(states.at(1).at(0).value<HostState>(), HostState::Stopped);
    QCOMPARE(session.connection(), HostSession::Connection::Connected); // still the same host
}

void TestRemoteHostSession::workersAddedAndRemovedOnTheHostFollowWithTheirType()
{
    Fixture f;
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QVERIFY(connected(session));
    QCOMPARE(session.workerType(QStringLiteral("alpha")), QStringLiteral("type-alpha"));
    WorkerStatusModel table(session);
    QCOMPARE(table.index(table.rowOf(QStringLiteral("beta")), WorkerStatusModel::TypeColumn)
                 .data()
                 .toString(),
             QStringLiteral("type-beta"));
    QSignalSpy added(&session, &HostSession::workerAdded);
    QSignalSpy removed(&session, &HostSession::workerRemoved);

    ServiceOptions atRest; // not autostarted: it can be removed at once
    atRest.autostart = false;
    QVERIFY(f.control.host.addService(std::make_unique<test::ScriptedWorker>(
                                          QStringLiteral("gamma"), test::Behaviour::WaitForStop),
                                      atRest));
    QTRY_COMPARE_WITH_TIMEOUT(added.size(), 1, waitMs);
    QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("gamma"));
    QCOMPARE(stateOf(session, QStringLiteral("gamma")), std::optional(ServiceState::Stopped));
    QCOMPARE(session.workerType(QStringLiteral("gamma")), QStringLiteral("type-gamma"));
    QCOMPARE(table.rowCount(), 3);

    QVERIFY(f.control.host.removeService(QStringLiteral("gamma")));
    QTRY_COMPARE_WITH_TIMEOUT(removed.size(), 1, waitMs);
    QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("gamma"));
    QVERIFY(!session.status(QStringLiteral("gamma")));
    QCOMPARE(session.workerType(QStringLiteral("gamma")), QString());
    QCOMPARE(session.workerNames(), (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));
    QCOMPARE(table.rowCount(), 2);
}

// "slow" ignores its stop until the gate opens: the stop is seen mid-way,
// with a countdown that moves between reports, then finished.
void TestRemoteHostSession::theShutdownProgressFollowsTheHostsStop()
{
    Fixture f;
    test::Gate gate;
    QVERIFY(f.control.host.addService(std::make_unique<test::ScriptedWorker>(
        QStringLiteral("slow"), test::Behaviour::IgnoreStop, &gate)));
    const auto openAtTheEnd = qScopeGuard([&] { gate.open(); }); // no thread left waiting
    QVERIFY(f.start());
    RemoteHostSession session(f.control.socketPath, quickRetry);
    QVERIFY(connected(session));
    QVERIFY(session.shutdownProgress().entries.isEmpty()); // no stop yet
    QSignalSpy progress(&session, &HostSession::shutdownProgressChanged);
    session.stopHost();

    // Mid-way: "slow", asked first (the reverse of registration), is stopping.
    QTRY_VERIFY_WITH_TIMEOUT(lastProgress(progress).entries.value(0).stopRequested, waitMs);
    const ShutdownProgress midway = lastProgress(progress);
    QCOMPARE(entryNames(midway), (QStringList{"slow", "beta", "alpha"}));
    QCOMPARE(midway.entries.at(0).state, ServiceState::Stopping);
    QVERIFY(!midway.finished());
    QVERIFY(midway.remaining > 0ms);
    // Between the host's reports, its times move on here.
    QTRY_VERIFY_WITH_TIMEOUT(session.shutdownProgress().remaining < midway.remaining, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        session.shutdownProgress().entries.at(0).elapsed > midway.entries.at(0).elapsed, waitMs);
    QVERIFY(session.shutdownProgress().elapsed > midway.elapsed);
    // A client that attaches now sees the stop at once, from its snapshot.
    RemoteHostSession late(f.control.socketPath, quickRetry);
    QVERIFY(connected(late));
    QCOMPARE(entryNames(late.shutdownProgress()), entryNames(midway));

    gate.open();
    QTRY_COMPARE_WITH_TIMEOUT(session.hostState(), HostState::Stopped, waitMs);
    const ShutdownProgress last = lastProgress(progress);
    QVERIFY(last.finished());
    QCOMPARE(entryNames(last), entryNames(midway));
    const ShutdownProgress onTheHost = f.control.host.shutdownProgress();
    for (qsizetype i = 0; i < last.entries.size(); ++i) {
        QCOMPARE(last.entries.at(i).state, ServiceState::Stopped);
        QCOMPARE(last.entries.at(i).elapsed, onTheHost.entries.at(i).elapsed); // final: as it took
    }
    // Finished: nothing moves on any more.
    QCOMPARE(session.shutdownProgress().elapsed, last.elapsed);
    QCOMPARE(session.shutdownProgress().remaining, last.remaining);
}

// The countdown stops at 0; only the entries asked and still stopping move;
// a frozen report stays where it had moved to.
void TestRemoteHostSession::aReportMovesOnUntilTheConnectionEnds()
{
    const ShutdownProgress sent{1000ms,
                                30ms,
                                {{"a", ServiceState::Stopping, true, false, 500ms},
                                 {"b", ServiceState::Running, false, false, 0ms},
                                 {"c", ServiceState::Stopped, true, false, 200ms}}};
    RemoteShutdownProgress progress;
    QVERIFY(progress.apply(toCbor(sent)));
    QTRY_COMPARE_WITH_TIMEOUT(progress.current().remaining, 0ms, waitMs);
    const ShutdownProgress moved = progress.current();
    QCOMPARE(moved.entries.at(0).elapsed - 500ms, moved.elapsed - 1000ms);
    QCOMPARE(moved.entries.at(1).elapsed, 0ms);   // not asked yet
    QCOMPARE(moved.entries.at(2).elapsed, 200ms); // final
    progress.freeze(); // the connection ended: it stays where it had moved to
    const ShutdownProgress frozen = progress.current();
    QVERIFY(frozen.elapsed >= moved.elapsed);
    const QDeadlineTimer later(20);
    QVERIFY(QTest::qWaitFor([&] { return later.hasExpired(); }, waitMs)); // time passes
    QCOMPARE(progress.current().elapsed, frozen.elapsed);

    QTest::ignoreMessage(QtWarningMsg,
                         "the host's shutdown progress: field \"elapsedMs\": missing");
    QVERIFY(!progress.apply(QCborMap()));
    QCOMPARE(progress.current().elapsed, frozen.elapsed); // the last good report stays
}

QTEST_GUILESS_MAIN(TestRemoteHostSession)
#include "tst_remotehostsession.moc"
