// What any service publishes without a change to the base class: the unit of
// its items counter (and the rate worded with it), named values, and actions
// a caller runs knowing only a Service. Before, the one extra value was the
// base class's exitCode, and the window cast to QueueWorker to enqueue.

#include "support/hostrunner.h"
#include "support/testservices.h"
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/itemsunit.h>

#include <QTest>

#include <atomic>
#include <stdexcept>
#include <thread>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// Counts bytes, publishes a value per step and takes one back, and accepts
// actions; each step waits for the test to open its gate.
class Publisher : public BackgroundWorker
{
public:
    explicit Publisher(QString name)
        : BackgroundWorker(std::move(name))
    {
        setItemsUnit(ItemsUnit::bytes());
        addAction({"add", "Add to the total", ServiceAction::Count{1, 5, 2}}, [this](int count) {
            total += count;
            return ActionResult{true, QStringLiteral("total %1").arg(total.load())};
        });
        addAction({"break", "Throw", std::nullopt},
                  [](int) -> ActionResult { throw std::runtime_error("broken on purpose"); });
    }

    Gate published;
    Gate withdrawn;
    std::atomic<int> total = 0;

protected:
    void execute(StopToken token) override
    {
        addItemsDone(4096);
        setValue("answer", 42);
        setValue("label", QStringLiteral("first"));
        published.waitOpen();
        clearValue("label");
        setValue("answer", 43);
        withdrawn.waitOpen();
        while (token.sleepFor(1h)) {
        }
    }
};

} // namespace

class TestServicePublishing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theUnitTravelsInTheStatus()
    {
        Host host;
        host.addService(std::make_unique<Publisher>("bytes"));
        host.addService(std::make_unique<ScriptedWorker>("plain", Behaviour::WaitForStop));
        QVERIFY(host.contains("bytes") && host.contains("plain"));
        QCOMPARE(host.status("bytes")->itemsUnit, ItemsUnit::bytes());
        QCOMPARE(host.status("bytes")->itemsUnit.name(), QStringLiteral("bytes"));
        QCOMPARE(host.status("plain")->itemsUnit, ItemsUnit::items()); // none declared
        QCOMPARE(workhost::rateText(4.1e6, host.status("bytes")->itemsUnit),
                 QStringLiteral("4.1 MB/s"));
    }

    void namedValuesArePublishedAndWithdrawn()
    {
        HostOptions options;
        options.statusInterval = 10ms;
        auto *publisher = new Publisher("publisher");
        HostRunner run(std::unique_ptr<Service>(publisher), {}, options);
        QVariantMap inBatch; // the batches the host publishes carry them too
        connect(&run.host, &Host::statusesChanged, this,
                [&](const QList<ServiceStatus> &batch) { inBatch = batch.constLast().values; });
        QVERIFY(run.start());
        const QVariantMap first{{"answer", 42}, {"label", QStringLiteral("first")}};
        QTRY_COMPARE(run.status().values, first);
        QTRY_COMPARE(inBatch, first);

        publisher->published.open();
        QTRY_COMPARE(run.status().values, (QVariantMap{{"answer", 43}}));
        publisher->withdrawn.open();
        QVERIFY(run.stop());
    }

    void actionsRunThroughTheServiceAlone()
    {
        Publisher publisher("publisher");
        Service &service = publisher; // all a window or a client knows
        const QList<ServiceAction> actions = service.actions();
        QCOMPARE(actions.size(), 2);
        QCOMPARE(actions[0].name, QStringLiteral("add"));
        QCOMPARE(actions[0].label, QStringLiteral("Add to the total"));
        QVERIFY(actions[0].count);
        QCOMPARE(actions[0].count->maximum, 5);
        QCOMPARE(actions[0].count->initial, 2);
        QVERIFY(!actions[1].count);

        ActionResult result = service.runAction("add", 3);
        QVERIFY(result.done);
        QCOMPARE(result.message, QStringLiteral("total 3"));
        result = service.runAction("add", 99); // kept within the declared range
        QCOMPARE(result.message, QStringLiteral("total 8"));

        result = service.runAction("nothing");
        QVERIFY(!result.done);
        QCOMPARE(result.message, QStringLiteral("publisher has no action \"nothing\""));
        result = service.runAction("break");
        QVERIFY(!result.done);
        QCOMPARE(result.message, QStringLiteral("broken on purpose"));
    }

    // A handler runs on whichever thread asks: here two at once, while the
    // service runs on its own (ThreadSanitizer sees any unguarded state).
    void actionsRunFromAnyThread()
    {
        auto *publisher = new Publisher("publisher");
        HostRunner run{std::unique_ptr<Service>(publisher)};
        QVERIFY(run.start());
        Service *service = run.host.service("publisher");
        std::thread other([service] {
            for (int i = 0; i < 100; ++i)
                service->runAction("add", 1);
        });
        for (int i = 0; i < 100; ++i)
            service->runAction("add", 1);
        other.join();
        QCOMPARE(publisher->total.load(), 200);
        publisher->published.open();
        publisher->withdrawn.open();
        QVERIFY(run.stop());
    }

    void ratesAreWorded_data()
    {
        QTest::addColumn<double>("perSecond");
        QTest::addColumn<ItemsUnit>("unit");
        QTest::addColumn<QString>("text");
        QTest::newRow("idle") << 0.0 << ItemsUnit() << "0.0 items/s";
        QTest::newRow("slow") << 1.5 << ItemsUnit::files() << "1.5 files/s";
        QTest::newRow("hundreds") << 150.0 << ItemsUnit::lines() << "150 lines/s";
        QTest::newRow("rounds up to 100") << 99.96 << ItemsUnit::jobs() << "100 jobs/s";
        QTest::newRow("thousands") << 12345.0 << ItemsUnit::jobs() << "12.3k jobs/s";
        QTest::newRow("millions") << 2e6 << ItemsUnit::items() << "2.0M items/s";
        QTest::newRow("own name") << 3.0 << ItemsUnit::named("requests") << "3.0 requests/s";
        QTest::newRow("a byte now and then") << 0.5 << ItemsUnit::bytes() << "0.5 B/s";
        QTest::newRow("bytes") << 512.0 << ItemsUnit::bytes() << "512 B/s";
        QTest::newRow("just under a KB") << 999.96 << ItemsUnit::bytes() << "1.0 KB/s";
        QTest::newRow("KB") << 4100.0 << ItemsUnit::bytes() << "4.1 KB/s";
        QTest::newRow("MB") << 4.1e6 << ItemsUnit::bytes() << "4.1 MB/s";
        QTest::newRow("hundreds of MB") << 2.3e8 << ItemsUnit::bytes() << "230 MB/s";
        QTest::newRow("GB") << 1.5e9 << ItemsUnit::bytes() << "1.5 GB/s";
        QTest::newRow("beyond TB") << 2e15 << ItemsUnit::bytes() << "2000 TB/s";
    }

    void ratesAreWorded()
    {
        QFETCH(double, perSecond);
        QFETCH(ItemsUnit, unit);
        QFETCH(QString, text);
        QCOMPARE(workhost::rateText(perSecond, unit), text);
    }
};

QTEST_MAIN(TestServicePublishing)
#include "tst_servicepublishing.moc"
