// The small workers of the catalog: heartbeat, prime-counter, flaky, stubborn,
// and the registry that names them all.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "workers/flakyworker.h"
#include "workers/heartbeatworker.h"
#include "workers/primecounterworker.h"
#include "workers/standardworkers.h"
#include "workers/stubbornworker.h"
#include <workhost/config/workerregistry.h>

#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

class TestCatalogWorkers : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void registryKnowsEveryType()
    {
        WorkerRegistry registry;
        registerStandardWorkers(registry);
        QCOMPARE(registry.typeNames(),
                 QStringList({"heartbeat", "command", "file-hasher", "cleanup", "queue",
                              "prime-counter", "flaky", "stubborn"}));
        for (const WorkerType &type : registry.types()) {
            QVERIFY(!type.description.isEmpty());
            for (const SettingSpec &spec : type.settings) {
                QVERIFY2(!spec.description.isEmpty(), qPrintable(type.name + "." + spec.name));
                if (!spec.required()) // every default passes its own check
                    QVERIFY2(spec.check(spec.defaultValue).ok(),
                             qPrintable(type.name + "." + spec.name));
            }
        }
    }

    void heartbeatBeatsOnItsTimer()
    {
        HostRunner run(std::make_unique<HeartbeatWorker>("heartbeat", 20ms));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return run.status().itemsDone >= 3; }, 10000));
        QVERIFY(m_sink->contains("[heartbeat] heartbeat #3: working behind the scenes"));
        QVERIFY(run.stop());
    }

    void primeCounterCountsAndCompletes()
    {
        HostRunner run(std::make_unique<PrimeCounterWorker>("primes", 1000000, 100000));
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Stopped)); // completed
        QVERIFY(m_sink->contains("[primes] 78498 primes below 1000000"));
        QCOMPARE(run.status().progress, 100);
        QCOMPARE(PrimeCounterWorker::countInRange(0, 100, PrimeCounterWorker::primesBelow(11)), 25);
    }

    void primeCounterStopsInTheMiddle()
    {
        HostRunner run(std::make_unique<PrimeCounterWorker>("primes", 1000000000000, 1000000));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return run.status().itemsDone > 0; }, 10000));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(run.stop());
        QVERIFY(clock.elapsed() < 2000);
        QVERIFY(run.status().progress < 100);
        QVERIFY(m_sink->contains("[primes] stopped at"));
    }

    void flakyFailsOnSchedule()
    {
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::Ignore;
        HostRunner run(std::make_unique<FlakyWorker>("flaky", 3, 5ms), options);
        QVERIFY(run.start());
        QVERIFY(run.waitForState(ServiceState::Faulted));
        QCOMPARE(run.status().lastError, QStringLiteral("simulated failure at iteration 3"));
        QCOMPARE(run.status().itemsDone, 2);
    }

    void stubbornHoldsTheStopPastTheDeadline()
    {
        HostOptions hostOptions;
        hostOptions.shutdownTimeout = 100ms;
        HostRunner run(std::make_unique<StubbornWorker>("stubborn", 400ms), {}, hostOptions);
        QVERIFY(run.start());
        QVERIFY(run.stop());
        QCOMPARE(run.state(), ServiceState::TimedOut);
        QVERIFY(m_sink->contains("[stubborn] asked to stop; ignoring it for 400 ms"));
        QVERIFY(run.waitForState(ServiceState::Stopped)); // it does return, late
        QVERIFY(m_sink->contains("[stubborn] done at last"));
    }
};

QTEST_GUILESS_MAIN(TestCatalogWorkers)
#include "tst_catalogworkers.moc"
