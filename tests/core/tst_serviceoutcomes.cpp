// How runs end, as the host reports it: an exception thrown on cancellation
// is a clean stop (not a failure), a completion is told apart from a stop on
// request, a failing service is counted once, and every transition the host
// makes is an edge of the state machine's one table (servicetransitions.h),
// which docs/ARCHITECTURE.md draws and the chaos oracle checks.

#include "support/chaostransitions.h"
#include "support/eventlog.h"
#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/hosting/servicetransitions.h>

#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <stdexcept>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// An hosted service that cancels by exception: its onStart() blocks until the
// stop request, then throws.
class CancelsInOnStart : public HostedService
{
public:
    using HostedService::HostedService;

protected:
    void onStart(QObject &) override
    {
        if (!stopToken().sleepFor(60s))
            throw std::runtime_error("start cancelled");
    }
};

// "From>To Outcome" for each transition of `service` that ends a run.
QStringList outcomesOf(const EventLog &log, const QString &service)
{
    QStringList out;
    for (const ServiceTransition &t : log.transitions) {
        if (t.service == service && t.outcome)
            out << QStringLiteral("%1>%2 %3")
                       .arg(enumName(t.from), enumName(t.to), enumName(*t.outcome));
    }
    return out;
}

// Every transition the log saw is in the table, with an outcome it allows.
QStringList outsideTheTable(const EventLog &log)
{
    QStringList out;
    for (const ServiceTransition &t : log.transitions) {
        if (!isServiceTransition(t.from, t.to, t.outcome))
            out << QStringLiteral("%1 %2>%3 (%4)")
                       .arg(t.service, enumName(t.from), enumName(t.to), t.reason);
    }
    return out;
}

ServiceOptions fastRestarts(int maxRestarts)
{
    ServiceOptions options;
    options.restart.initialBackoff = 1ms;
    options.restart.maxBackoff = 2ms;
    options.restart.maxRestarts = maxRestarts;
    options.restart.intensityWindow = 60s;
    return options;
}

} // namespace

class TestServiceOutcomes : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void throwingOnCancellationIsACleanStop()
    {
        Host host;
        QVERIFY(host.addService(std::make_unique<ThrowsOnCancellation>("cancels")));
        host.start();
        QTRY_COMPARE(host.status("cancels")->state, ServiceState::Running);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.exitCode(), 0);
        QVERIFY(!host.failed());
        QCOMPARE(host.status("cancels")->state, ServiceState::Stopped);
        QCOMPARE(host.status("cancels")->lastOutcome, RunOutcome::Cancelled);
        QVERIFY(host.status("cancels")->lastError.isEmpty());
        QVERIFY(!m_sink->contains("[cancels] error"));
        QVERIFY(m_sink->contains("[cancels] cancelled: it threw on its stop request "
                                 "(operation cancelled)"));
    }

    void cancellationByHandAndWhileStarting_data()
    {
        QTest::addColumn<bool>("hosted");
        QTest::newRow("execute() throws on cancellation") << false;
        QTest::newRow("onStart() throws on cancellation") << true;
    }

    // A stop by hand too, and a stop while the service is still Starting.
    void cancellationByHandAndWhileStarting()
    {
        QFETCH(bool, hosted);
        Host host;
        EventLog log(host);
        std::unique_ptr<Service> service;
        if (hosted)
            service = std::make_unique<CancelsInOnStart>("cancels");
        else
            service = std::make_unique<ThrowsOnCancellation>("cancels");
        QVERIFY(host.addService(std::move(service)));
        host.start();
        const ServiceState stopFrom = hosted ? ServiceState::Starting : ServiceState::Running;
        QTRY_COMPARE(host.status("cancels")->state, stopFrom);
        QVERIFY(host.stopService("cancels"));
        QTRY_COMPARE(host.status("cancels")->state, ServiceState::Stopped);
        QCOMPARE(outcomesOf(log, "cancels"), QStringList{"Stopping>Stopped Cancelled"});
        QCOMPARE(log.of("cancels"),
                 hosted ? QStringList({"Stopped>Starting", "Starting>Stopping", "Stopping>Stopped"})
                        : QStringList({"Stopped>Starting", "Starting>Running", "Running>Stopping",
                                       "Stopping>Stopped"}));
        QVERIFY(host.status("cancels")->lastError.isEmpty());
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.exitCode(), 0);
        QVERIFY(outsideTheTable(log).isEmpty());
    }

    // Stopped used to mean both; the outcome tells them apart, in the
    // transition and in the status.
    void completionAndStopOnRequestAreToldApart()
    {
        Host host;
        EventLog log(host);
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("job", Behaviour::Complete)));
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("daemon", Behaviour::WaitForStop)));
        QList<ServiceStatus> published;
        connect(&host, &Host::statusesChanged, this,
                [&](const QList<ServiceStatus> &batch) { published += batch; });
        QCOMPARE(host.status("job")->lastOutcome, std::nullopt);
        host.start();
        QTRY_COMPARE(host.status("job")->state, ServiceState::Stopped);
        QTRY_COMPARE(host.status("daemon")->state, ServiceState::Running);
        QVERIFY(host.stopService("daemon"));
        QTRY_COMPARE(host.status("daemon")->state, ServiceState::Stopped);

        QCOMPARE(outcomesOf(log, "job"), QStringList{"Running>Stopped Completed"});
        QCOMPARE(outcomesOf(log, "daemon"), QStringList{"Stopping>Stopped Stopped"});
        QCOMPARE(host.status("job")->lastOutcome, RunOutcome::Completed);
        QCOMPARE(host.status("daemon")->lastOutcome, RunOutcome::Stopped);
        // The published batches carry it too, as the window reads them.
        QTRY_VERIFY(std::any_of(published.cbegin(), published.cend(), [](const ServiceStatus &s) {
            return s.name == "daemon" && s.lastOutcome == RunOutcome::Stopped;
        }));
        QVERIFY(std::any_of(published.cbegin(), published.cend(), [](const ServiceStatus &s) {
            return s.name == "job" && s.lastOutcome == RunOutcome::Completed;
        }));
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
    }

    // Automatic restarts are told apart by a flag, not by the reason's words.
    void automaticRestartsAreFlagged()
    {
        Host host;
        EventLog log(host);
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("flaky", Behaviour::ThrowStd),
                                fastRestarts(2)));
        host.start();
        QTRY_COMPARE(host.status("flaky")->state, ServiceState::GaveUp);
        QVERIFY(host.startService("flaky")); // by hand, from GaveUp
        QTRY_COMPARE(host.status("flaky")->restartCount, 4);
        QTRY_COMPARE(host.status("flaky")->state, ServiceState::GaveUp);
        QList<bool> automatic;
        for (const ServiceTransition &t : std::as_const(log.transitions)) {
            if (t.to == ServiceState::Starting)
                automatic << t.automaticRestart;
        }
        QCOMPARE(automatic, QList<bool>({false, true, true, false, true, true}));
        QCOMPARE(host.status("flaky")->lastOutcome, RunOutcome::Faulted);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.failures(),
                 QList<ServiceFailure>({{"flaky", FailureKind::GaveUp, QStringLiteral("boom")}}));
    }

    void stopHostFaultCountsOnce()
    {
        Host host;
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::StopHost;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("critical", Behaviour::ThrowStd),
                                options));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("other", Behaviour::WaitForStop)));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.failures().size(), 1);
        QVERIFY(m_sink->contains("0 service(s) timed out, 1 failed"));
        QCOMPARE(host.failures(), QList<ServiceFailure>({{"critical", FailureKind::Faulted,
                                                          QStringLiteral("boom")}}));
        QCOMPARE(host.failures().constFirst().describe(),
                 QStringLiteral("critical: Faulted (boom)"));
    }

    // Every transition the host makes in the fault, stop, restart, completion
    // and timeout scenarios is in the table, with an outcome it allows: the
    // table is the real state machine, not a wish.
    void everyTransitionMadeIsInTheTable()
    {
        HostOptions hostOptions;
        hostOptions.shutdownTimeout = 5s; // "stuck" waits it out; the rest stop well within
        hostOptions.stopConcurrently = true;
        Gate gate;
        const auto release = qScopeGuard([&] { gate.open(); });
        Host host(hostOptions);
        EventLog log(host);
        ChaosTransitions oracle(host);
        ServiceOptions completesAgain = fastRestarts(2);
        completesAgain.restartOnCompletion = true;
        ServiceOptions ignore;
        ignore.faultPolicy = FaultPolicy::Ignore;
        ServiceOptions slowBackoff = fastRestarts(2);
        slowBackoff.restart.initialBackoff = 60s;
        slowBackoff.restart.maxBackoff = 60s;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("faults", Behaviour::ThrowStd),
                                fastRestarts(2)));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("ignored", Behaviour::ThrowInt),
                                ignore));
        QVERIFY(host.addService(
            std::make_unique<TickingService>("startfails", TickingService::Fault::InStart),
            fastRestarts(1)));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("completes", Behaviour::Complete),
                                completesAgain));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("once", Behaviour::Complete)));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("backsoff", Behaviour::ThrowStd),
                                slowBackoff));
        QVERIFY(host.addService(
            std::make_unique<TickingService>("stopfails", TickingService::Fault::InStop)));
        QVERIFY(host.addService(std::make_unique<ThrowsOnCancellation>("cancels")));
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("restarted", Behaviour::WaitForStop)));
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("stuck", Behaviour::IgnoreStop, &gate)));
        host.start();
        QTRY_COMPARE(host.status("faults")->state, ServiceState::GaveUp);
        QTRY_COMPARE(host.status("ignored")->state, ServiceState::Faulted);
        QTRY_COMPARE(host.status("startfails")->state, ServiceState::GaveUp);
        QTRY_COMPARE(host.status("completes")->state, ServiceState::GaveUp);
        QTRY_COMPARE(host.status("once")->state, ServiceState::Stopped);
        QTRY_COMPARE(host.status("backsoff")->state, ServiceState::BackingOff);
        QTRY_COMPARE(host.status("restarted")->state, ServiceState::Running);
        QVERIFY(host.restartService("restarted"));
        QTRY_COMPARE(log.of("restarted").size(), 6); // then Stopping, Stopped, Starting, Running
        QTRY_COMPARE(host.status("restarted")->state, ServiceState::Running);
        QVERIFY(host.startService("ignored")); // by hand, from Faulted: it faults again
        QTRY_COMPARE(log.of("ignored").size(), 6);
        QVERIFY(host.startService("faults")); // by hand, from GaveUp; stopped while Starting
        host.stop(); // "backsoff" is Stopped at once; "stuck" times out, then returns late
        QTRY_COMPARE(host.state(), HostState::Stopped);
        gate.open();
        QTRY_COMPARE(host.status("stuck")->state, ServiceState::Stopped);

        QCOMPARE(outsideTheTable(log), QStringList());
        QVERIFY2(oracle.problems().isEmpty(), qPrintable(oracle.problems().join('\n')));
        QVERIFY(log.chained());
        QCOMPARE(outcomesOf(log, "stuck"),
                 QStringList({"Stopping>TimedOut TimedOut", "TimedOut>Stopped TimedOut"}));
        QCOMPARE(outcomesOf(log, "stopfails"), QStringList{"Stopping>Stopped Faulted"});
        QCOMPARE(outcomesOf(log, "cancels"), QStringList{"Stopping>Stopped Cancelled"});
        QCOMPARE(outcomesOf(log, "completes"),
                 QStringList({"Running>BackingOff Completed", "Running>BackingOff Completed",
                              "Running>GaveUp Completed"}));
        QCOMPARE(outcomesOf(log, "startfails"),
                 QStringList({"Starting>Faulted Faulted", "Starting>Faulted Faulted"}));

        // And these scenarios took every edge of the table.
        QSet<QPair<int, int>> taken;
        for (const ServiceTransition &t : std::as_const(log.transitions))
            taken.insert({int(t.from), int(t.to)});
        QStringList notTaken;
        for (const ServiceStateEdge &edge : serviceStateEdges) {
            if (!taken.contains({int(edge.from), int(edge.to)}))
                notTaken << enumName(edge.from) + '>' + enumName(edge.to);
        }
        QCOMPARE(notTaken, QStringList());
    }

    // The chaos test's oracle uses the same table: it rejects what the
    // controller refuses, and an outcome an edge does not allow.
    void theOracleRejectsForbiddenTransitions_data()
    {
        QTest::addColumn<ServiceState>("from");
        QTest::addColumn<ServiceState>("to");
        QTest::addColumn<int>("outcomeValue"); // a RunOutcome, or -1 for none
        using S = ServiceState;
        constexpr int none = -1;
        constexpr int completed = int(RunOutcome::Completed);
        // The three the controller used to accept though the diagram forbade them.
        QTest::newRow("Starting>Stopped") << S::Starting << S::Stopped << completed;
        QTest::newRow("Starting>BackingOff") << S::Starting << S::BackingOff << completed;
        QTest::newRow("Starting>GaveUp") << S::Starting << S::GaveUp << completed;
        QTest::newRow("Stopped>Running") << S::Stopped << S::Running << none;
        QTest::newRow("Running>Stopped without an outcome") << S::Running << S::Stopped << none;
        QTest::newRow("Running>Stopped Cancelled")
            << S::Running << S::Stopped << int(RunOutcome::Cancelled);
        QTest::newRow("Stopped>Starting with an outcome") << S::Stopped << S::Starting << completed;
    }

    void theOracleRejectsForbiddenTransitions()
    {
        QFETCH(ServiceState, from);
        QFETCH(ServiceState, to);
        QFETCH(int, outcomeValue);
        const std::optional<RunOutcome> outcome =
            outcomeValue < 0 ? std::nullopt : std::optional(RunOutcome(outcomeValue));
        ChaosTransitions oracle;
        // Reported as a host would: the service first reaches `from` legally.
        const auto transition = [](ServiceState a, ServiceState b, std::optional<RunOutcome> o) {
            return ServiceTransition{"svc", a, b, QDateTime::currentDateTimeUtc(), {}, o, false};
        };
        QList<ServiceTransition> path;
        if (from != ServiceState::Stopped)
            path << transition(ServiceState::Stopped, ServiceState::Starting, std::nullopt);
        if (from == ServiceState::Running)
            path << transition(ServiceState::Starting, ServiceState::Running, std::nullopt);
        path << transition(from, to, outcome);
        for (const ServiceTransition &t : std::as_const(path))
            oracle.record(t);
        QCOMPARE(oracle.problems().size(), 1);
        QVERIFY2(oracle.problems().constFirst().contains("is not in the state machine"),
                 qPrintable(oracle.problems().constFirst()));
        QVERIFY(!isServiceTransition(from, to, outcome));
    }

    // docs/ARCHITECTURE.md draws the same edges as the table, no more, no fewer.
    void theArchitectureDiagramDrawsTheTable()
    {
        QFile doc(QStringLiteral(WORKHOST_SOURCE_DIR "/docs/ARCHITECTURE.md"));
        QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
        const QString text = QString::fromUtf8(doc.readAll());
        const qsizetype begin = text.indexOf("stateDiagram-v2");
        QVERIFY(begin >= 0);
        const QString diagram = text.mid(begin, text.indexOf("```", begin) - begin);
        QStringList drawn;
        static const QRegularExpression edge(QStringLiteral("^\\s*(\\w+) --> (\\w+)"),
                                             QRegularExpression::MultilineOption);
        for (auto it = edge.globalMatch(diagram); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            drawn << match.captured(1) + '>' + match.captured(2);
        }
        QStringList table;
        for (const ServiceStateEdge &e : serviceStateEdges)
            table << enumName(e.from) + '>' + enumName(e.to);
        drawn.sort();
        table.sort();
        QVERIFY2(drawn == table,
                 qPrintable(QStringLiteral("drawn: %1\ntable: %2\nthe diagram to "
                                           "draw:\n%3")
                                .arg(drawn.join(' '), table.join(' '), serviceStateDiagram())));
    }
};

QTEST_GUILESS_MAIN(TestServiceOutcomes)
#include "tst_serviceoutcomes.moc"
