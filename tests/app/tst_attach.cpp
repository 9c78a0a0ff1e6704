// A window's session attached to a real host (issue 16): the workhost
// executable headless in a child process, and a RemoteHostSession of the
// test on its control socket. Stopping and starting a worker through the
// session changes the daemon (seen through its own "status"); the daemon's
// log lines arrive; a SIGKILLed daemon is Disconnected; a daemon started
// again on the same configuration is attached to again, with a new pid, and
// the log goes on with no record twice; its stop (SIGTERM) is followed to the
// last shutdown report.

#include "support/workhostprocess.h"
#include <workhost/control/controlclient.h>
#include <workhost/control/remotehostsession.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/session/logsubscription.h>

#include <QCborArray>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

constexpr int waitMs = 60000; // generous: a loaded two-core machine under a sanitizer

const QByteArray sleeperAndBeat = R"({"workers": [
    {"name": "sleeper", "type": "command", "settings": {"program": "sleep", "arguments": ["600"]}},
    {"name": "beat", "type": "heartbeat"}]})";

// The daemon's own word on a worker's state: "status" on a connection of its own.
QString daemonState(const QString &socketPath, const QString &worker)
{
    ControlClient client;
    QSignalSpy hello(&client, &ControlClient::helloReceived);
    QSignalSpy replies(&client, &ControlClient::replyReceived);
    client.connectTo(socketPath);
    if (!hello.wait(waitMs))
        return QStringLiteral("no hello");
    client.request(QStringLiteral("status"));
    if (!replies.wait(waitMs))
        return QStringLiteral("no reply");
    const QCborArray services = replies.first()
                                    .at(0)
                                    .value<ControlReply>()
                                    .result.toMap()
                                    .value(QStringLiteral("services"))
                                    .toArray();
    for (const QCborValue &service : services)
        if (service.toMap().value(QStringLiteral("name")).toString() == worker)
            return service.toMap().value(QStringLiteral("state")).toString();
    return QStringLiteral("no such worker");
}

std::optional<ServiceState> stateOf(const HostSession &session, const QString &worker)
{
    const std::optional<ServiceStatus> status = session.status(worker);
    return status ? std::optional(status->state) : std::nullopt;
}

// Every record a subscription delivered; a record is one (time, thread, message).
struct ReceivedLog
{
    QStringList messages;
    QSet<QString> seen;
    int twice = 0;

    void take(const LogRecords &records)
    {
        for (const LogRecord &record : records) {
            const QString key = QStringLiteral("%1/%2/%3")
                                    .arg(record.timeUsec)
                                    .arg(record.threadId)
                                    .arg(record.message);
            twice += seen.contains(key) ? 1 : 0;
            seen.insert(key);
            messages << record.message;
        }
    }
    bool hasLineWith(const QString &text, qsizetype from = 0) const
    {
        for (qsizetype i = from; i < messages.size(); ++i)
            if (messages.at(i).contains(text))
                return true;
        return false;
    }
};

} // namespace

class TestAttach : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aSessionFollowsTheDaemonAcrossItsRestart();
};

void TestAttach::aSessionFollowsTheDaemonAcrossItsRestart()
{
    QTemporaryDir home;
    const QString config = writeFile(home, "workhost.json", sleeperAndBeat);
    WorkhostProcess first(home);
    const QString socketPath = first.runtimeDirectory() + QLatin1Char('/') +
                               RuntimeDirectory::instanceName(config) + QStringLiteral(".sock");
    first.start({"--headless", "--config", config});

    // Before the daemon listens: the session keeps trying.
    RemoteHostSession session(socketPath, {20ms, 200ms});
    std::unique_ptr<LogSubscription> log = session.followLog();
    ReceivedLog received;
    connect(log.get(), &LogSubscription::batchReady, this,
            [&](const LogRecords &records, quint64) { received.take(records); });
    QTRY_COMPARE_WITH_TIMEOUT(session.connection(), HostSession::Connection::Connected, waitMs);
    QCOMPARE(session.description(),
             QStringLiteral("attached to the host of workhost.json, pid %1").arg(first.pid()));
    QTRY_VERIFY_WITH_TIMEOUT(received.hasLineWith(QStringLiteral("headless")), waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(session, QStringLiteral("sleeper")),
                              std::optional(ServiceState::Running), waitMs);

    std::optional<CommandResult> stopped;
    session.stopWorker(QStringLiteral("sleeper"),
                       CommandReply(this, [&](const CommandResult &r) { stopped = r; }));
    QTRY_VERIFY_WITH_TIMEOUT(stopped.has_value(), waitMs);
    QCOMPARE(*stopped, CommandResult::done(QStringLiteral("stopping")));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(session, QStringLiteral("sleeper")),
                              std::optional(ServiceState::Stopped), waitMs);
    QCOMPARE(daemonState(socketPath, QStringLiteral("sleeper")), QStringLiteral("stopped"));
    std::optional<CommandResult> started;
    session.startWorker(QStringLiteral("sleeper"),
                        CommandReply(this, [&](const CommandResult &r) { started = r; }));
    QTRY_VERIFY_WITH_TIMEOUT(started.has_value(), waitMs);
    QCOMPARE(*started, CommandResult::done(QStringLiteral("started")));
    QTRY_COMPARE_WITH_TIMEOUT(daemonState(socketPath, QStringLiteral("sleeper")),
                              QStringLiteral("running"), waitMs);

    first.signal(SIGKILL);
    QTRY_COMPARE_WITH_TIMEOUT(session.connection(), HostSession::Connection::Disconnected, waitMs);
    QCOMPARE(first.finish(), -2);
    const qsizetype beforeRestart = received.messages.size();

    WorkhostProcess second(home); // the same configuration: its lock and socket are free again
    second.start({"--headless", "--config", config});
    QTRY_COMPARE_WITH_TIMEOUT(session.connection(), HostSession::Connection::Connected, waitMs);
    QCOMPARE(session.description(),
             QStringLiteral("attached to the host of workhost.json, pid %1").arg(second.pid()));
    // The new host numbers its records from 1 again: they come all the same.
    QTRY_VERIFY_WITH_TIMEOUT(received.hasLineWith(QStringLiteral("headless"), beforeRestart),
                             waitMs);
    QCOMPARE(received.twice, 0);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(session, QStringLiteral("sleeper")),
                              std::optional(ServiceState::Running), waitMs);
    // Stopped as systemd does: the session follows the stop to its last
    // report, which comes before the daemon closes its socket and exits.
    QSignalSpy progress(&session, &HostSession::shutdownProgressChanged);
    second.signal(SIGTERM);
    QCOMPARE(second.finish(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(session.hostState(), HostState::Stopped, waitMs);
    QVERIFY(!progress.isEmpty());
    const auto last = progress.last().at(0).value<ShutdownProgress>();
    QVERIFY(last.finished());
    QCOMPARE(last.entries.size(), 2);
    QCOMPARE(last.entries.at(0).service, QStringLiteral("beat")); // the reverse of the file's order
    QCOMPARE(last.entries.at(1).state, ServiceState::Stopped);
    // Its last log lines came too, before the connection closed: the host's
    // stop is what someone following its log most wants to see.
    QTRY_VERIFY2_WITH_TIMEOUT(
        received.hasLineWith(QStringLiteral("host stopped in")),
        qPrintable(received.messages.mid(received.messages.size() - 5).join(" | ")), waitMs);
}

QTEST_GUILESS_MAIN(TestAttach)
#include "tst_attach.moc"
