// What the host does when services throw, complete, or fail again and again:
// fault policies, backoff, the intensity limit, completion.

#include "support/eventlog.h"
#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>

#include <QCoreApplication>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// Tiny delays, so the schedule runs in milliseconds; the arithmetic itself is
// checked exactly in tst_restartbackoff.
ServiceOptions fastRestarts(int maxRestarts = 5)
{
    ServiceOptions options;
    options.restart.initialBackoff = 5ms;
    options.restart.backoffFactor = 2.0;
    options.restart.maxBackoff = 20ms;
    options.restart.resetAfter = 60s;
    options.restart.maxRestarts = maxRestarts;
    options.restart.intensityWindow = 60s;
    return options;
}

std::unique_ptr<Service> makeService(const QString &kind, const QString &name, Gate *gate = nullptr)
{
    if (kind == "throw std")
        return std::make_unique<ScriptedWorker>(name, Behaviour::ThrowStd);
    if (kind == "throw int")
        return std::make_unique<ScriptedWorker>(name, Behaviour::ThrowInt);
    if (kind == "throw after a while")
        return std::make_unique<ScriptedWorker>(name, Behaviour::ThrowAfterGate, gate);
    if (kind == "hosted: throw in onStart")
        return std::make_unique<TickingService>(name, TickingService::Fault::InStart);
    if (kind == "hosted: fail from a handler")
        return std::make_unique<TickingService>(name, TickingService::Fault::FromHandler);
    return nullptr;
}

// Crashes (throws) in its first `crashes` runs, then runs until stopped.
class CrashesAtFirst : public BackgroundWorker
{
public:
    CrashesAtFirst(QString name, int crashes)
        : BackgroundWorker(std::move(name))
        , m_crashes(crashes)
    {}
    std::atomic<int> runs = 0;

protected:
    void execute(StopToken token) override
    {
        if (++runs <= m_crashes)
            throw std::runtime_error("crashed");
        token.sleepFor(std::chrono::hours(1));
    }

private:
    const int m_crashes;
};

} // namespace

class TestServiceFaults : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void faultThenRestart_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("error");
        QTest::newRow("std::exception in execute") << "throw std"
                                                   << "boom";
        QTest::newRow("int in execute") << "throw int"
                                        << "an exception not derived from std::exception";
        QTest::newRow("std::exception in onStart") << "hosted: throw in onStart"
                                                   << "cannot open the port";
        QTest::newRow("fail() from a timer handler") << "hosted: fail from a handler"
                                                     << "lost the connection";
    }

    void faultThenRestart()
    {
        QFETCH(QString, kind);
        QFETCH(QString, error);
        Host host;
        EventLog log(host);
        QVERIFY(host.addService(makeService(kind, "svc"), fastRestarts(2)));
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("bystander", Behaviour::WaitForStop)));
        host.start();

        // Two restarts are allowed, the third fault gives up.
        QTRY_COMPARE(host.status("svc")->state, ServiceState::GaveUp);
        const QStringList faultCycle =
            kind == "hosted: throw in onStart"
                ? QStringList{"Stopped>Starting",    "Starting>Faulted", "Faulted>BackingOff",
                              "BackingOff>Starting", "Starting>Faulted", "Faulted>BackingOff",
                              "BackingOff>Starting", "Starting>Faulted", "Faulted>GaveUp"}
                : QStringList{"Stopped>Starting",   "Starting>Running",    "Running>Faulted",
                              "Faulted>BackingOff", "BackingOff>Starting", "Starting>Running",
                              "Running>Faulted",    "Faulted>BackingOff",  "BackingOff>Starting",
                              "Starting>Running",   "Running>Faulted",     "Faulted>GaveUp"};
        QCOMPARE(log.of("svc"), faultCycle);
        const ServiceStatus status = *host.status("svc");
        QCOMPARE(status.lastError, error);
        QCOMPARE(status.restartCount, 2);
        QVERIFY(m_sink->contains("[svc] faulted"));
        QVERIFY(m_sink->contains(error));
        QVERIFY(m_sink->contains("[svc] gave up"));

        // The other service never noticed.
        QCOMPARE(host.status("bystander")->state, ServiceState::Running);

        // Only a start by hand revives it, with a fresh restart budget.
        QVERIFY(host.startService("svc"));
        QTRY_COMPARE(host.status("svc")->state, ServiceState::GaveUp);
        QCOMPARE(host.status("svc")->restartCount, 4);

        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.exitCode(), 1);
        QVERIFY(log.chained());
    }

    void backoffFollowsTheSchedule()
    {
        Host host;
        ServiceOptions options;
        options.restart.initialBackoff = 10ms;
        options.restart.backoffFactor = 2.0;
        options.restart.maxBackoff = 40ms;
        options.restart.maxRestarts = 5;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("flaky", Behaviour::ThrowStd),
                                options));
        QList<qint64> delays;
        connect(&host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.to == ServiceState::BackingOff)
                delays << host.status(t.service)->backoffDelay.count();
        });
        host.start();
        QTRY_COMPARE(host.status("flaky")->state, ServiceState::GaveUp);
        QCOMPARE(delays, QList<qint64>({10, 20, 40, 40, 40}));
        host.stop();
    }

    // The default policy, as the README says: a crash is restarted after
    // 100 ms, a second one in a row after 200 ms.
    void theDefaultPolicyRestartsAfter100MsThenBacksOff()
    {
        Host host;
        EventLog log(host);
        auto *svc = new CrashesAtFirst("svc", 2);
        QVERIFY(host.addService(std::unique_ptr<Service>(svc)));
        QList<qint64> delays;
        connect(&host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.to == ServiceState::BackingOff)
                delays << host.status(t.service)->backoffDelay.count();
        });
        host.start();
        QTRY_COMPARE(svc->runs.load(), 3);
        QTRY_COMPARE(host.status("svc")->state, ServiceState::Running);
        QCOMPARE(delays, QList<qint64>({100, 200}));
        QCOMPARE(host.status("svc")->restartCount, 2);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QVERIFY(log.chained());
    }

    // initialBackoff 0: each crash is restarted at once (the run starts
    // again), and the intensity limit still ends a crash loop.
    void zeroBackoffRestartsAtOnceUntilTheLimit()
    {
        Host host;
        EventLog log(host);
        ServiceOptions options;
        options.restart.initialBackoff = 0ms;
        options.restart.maxRestarts = 3;
        auto *svc = new CrashesAtFirst("svc", 1000);
        QVERIFY(host.addService(std::unique_ptr<Service>(svc), options));
        QList<qint64> delays;
        connect(&host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.to == ServiceState::BackingOff)
                delays << host.status(t.service)->backoffDelay.count();
        });
        host.start();
        QTRY_COMPARE(host.status("svc")->state, ServiceState::GaveUp);
        QCOMPARE(delays, QList<qint64>({0, 0, 0}));
        QCOMPARE(svc->runs.load(), 4);
        QCOMPARE(log.of("svc").count("BackingOff>Starting"), 3);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
    }

    void healthyRunResetsTheBackoff()
    {
        Host host;
        ServiceOptions options = fastRestarts();
        options.restart.resetAfter = 0ms; // every run counts as healthy
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("svc", Behaviour::ThrowStd), options));
        QList<qint64> delays;
        connect(&host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.to == ServiceState::BackingOff)
                delays << host.status(t.service)->backoffDelay.count();
        });
        host.start();
        QTRY_COMPARE(host.status("svc")->state, ServiceState::GaveUp);
        QCOMPARE(delays, QList<qint64>({5, 5, 5, 5, 5}));
        host.stop();
    }

    void ignorePolicyStaysFaulted()
    {
        Host host;
        EventLog log(host);
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::Ignore;
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("svc", Behaviour::ThrowStd), options));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Running);
        QTRY_COMPARE(host.status("svc")->state, ServiceState::Faulted);
        // Let any (wrong) restart have its chance: the state must stay.
        QVERIFY(!QTest::qWaitFor([&] { return host.status("svc")->state != ServiceState::Faulted; },
                                 100));
        QCOMPARE(log.of("svc"),
                 QStringList({"Stopped>Starting", "Starting>Running", "Running>Faulted"}));
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.failures(), QList<ServiceFailure>({{"svc", FailureKind::Faulted, "boom"}}));
    }

    void completionIsNotAFault()
    {
        Host host;
        EventLog log(host);
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("job", Behaviour::Complete)));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Running);
        QTRY_COMPARE(host.status("job")->state, ServiceState::Stopped);
        QCOMPARE(log.of("job"),
                 QStringList({"Stopped>Starting", "Starting>Running", "Running>Stopped"}));
        QVERIFY(host.status("job")->lastError.isEmpty());
        QVERIFY(m_sink->contains("[job] completed"));
        QVERIFY(!m_sink->contains("[job] faulted"));
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QVERIFY(!host.failed());
    }

    void restartOnCompletionRunsAgain()
    {
        Host host;
        ServiceOptions options = fastRestarts(3);
        options.restartOnCompletion = true;
        auto *job = new ScriptedWorker("job", Behaviour::Complete);
        QVERIFY(host.addService(std::unique_ptr<Service>(job), options));
        host.start();
        QTRY_COMPARE(host.status("job")->state, ServiceState::GaveUp);
        QCOMPARE(job->runs.load(), 4);
        QVERIFY(host.status("job")->lastError.isEmpty());
        host.stop();
    }

    void errorInOnStopIsRecordedAndTheServiceStops()
    {
        Host host;
        QVERIFY(host.addService(
            std::make_unique<TickingService>("svc", TickingService::Fault::InStop)));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("other", Behaviour::WaitForStop)));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Running);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        // One failing stop never keeps the others from stopping.
        QCOMPARE(host.status("svc")->state, ServiceState::Stopped);
        QCOMPARE(host.status("svc")->lastError, QStringLiteral("could not flush"));
        QCOMPARE(host.status("other")->state, ServiceState::Stopped);
        QVERIFY(m_sink->contains("[svc] error while stopping: could not flush"));
        // Collected into the host's failures, as .NET aggregates StopAsync errors.
        QCOMPARE(host.failures(),
                 QList<ServiceFailure>({{"svc", FailureKind::StopError, "could not flush"}}));
        QCOMPARE(host.exitCode(), 1);
    }

    void noRestartWhileTheHostStops()
    {
        HostOptions hostOptions;
        hostOptions.shutdownTimeout = 5s;
        Gate gate;
        Host host(hostOptions);
        const auto release = qScopeGuard([&] { gate.open(); });
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("svc", Behaviour::ThrowAfterGate, &gate),
            fastRestarts()));
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("last", Behaviour::IgnoreStop, &gate)));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Running);
        host.stop(); // "last" is asked first and holds the stop until the gate opens
        gate.open(); // "svc" throws while the host stops
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QVERIFY(host.status("svc")->state == ServiceState::Faulted ||
                host.status("svc")->state == ServiceState::Stopped);
        QCOMPARE(host.status("svc")->restartCount, 0);
    }
};

QTEST_GUILESS_MAIN(TestServiceFaults)
#include "tst_servicefaults.moc"
