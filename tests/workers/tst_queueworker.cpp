// The queue worker: bounded, fed by hand and by its producer, and nothing is
// lost when it stops in the middle of an item. Any producer rate, however
// tiny or huge, gives a queue that works and stops when asked.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "support/standardregistry.h"
#include "workers/queueworker.h"
#include <workhost/config/configloader.h>

#include <QTest>

#include <limits>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

class TestQueueWorker : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

    static bool balanced(const QueueWorker::Counts &counts)
    {
        return counts.enqueued == counts.processed + counts.queued;
    }

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void nothingIsLostAcrossStopsAndStarts()
    {
        auto *queue = new QueueWorker("queue", {100, 0, 5ms});
        HostRunner run{std::unique_ptr<Service>(queue)};
        QVERIFY(run.start());
        QCOMPARE(queue->enqueue(60), 60);
        QVERIFY(QTest::qWaitFor([&] { return queue->counts().processed >= 10; }, 10000));

        // Stop and start a few times while it works: every item is either
        // processed or still queued, never gone.
        for (int round = 0; round < 5; ++round) {
            QVERIFY(run.host.stopService("queue"));
            QVERIFY(run.waitForState(ServiceState::Stopped));
            QVERIFY(balanced(queue->counts()));
            QVERIFY(run.host.startService("queue"));
            QVERIFY(run.waitForState(ServiceState::Running));
        }
        QVERIFY(QTest::qWaitFor([&] { return queue->counts().processed == 60; }, 20000));
        const QueueWorker::Counts counts = queue->counts();
        QCOMPARE(counts.enqueued, 60);
        QCOMPARE(counts.queued, 0);
        QCOMPARE(run.status().itemsDone, 60);
        QVERIFY(run.stop());
    }

    void boundedCapacityRefusesTheExcess()
    {
        QueueWorker queue("queue", {10, 0, 1s});
        QCOMPARE(queue.enqueue(25), 10);
        const QueueWorker::Counts counts = queue.counts();
        QCOMPARE(counts.enqueued, 10);
        QCOMPARE(counts.rejected, 15);
        QCOMPARE(counts.queued, 10);
    }

    void producerFeedsTheQueue()
    {
        auto *queue = new QueueWorker("queue", {1000, 200, 1ms});
        HostRunner run{std::unique_ptr<Service>(queue)};
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return queue->counts().processed >= 20; }, 10000));
        QVERIFY(run.stop());
        QVERIFY(balanced(queue->counts()));
        QVERIFY(run.status().note.startsWith("depth "));
    }

    // A window or a client that knows only a Service enqueues through the
    // queue's declared action, and reads its depth as a named value.
    void enqueueThroughTheGenericAction()
    {
        HostOptions options;
        options.statusInterval = 10ms;
        auto *queue = new QueueWorker("queue", {10, 0, 1h});
        HostRunner run{std::unique_ptr<Service>(queue), {}, options};
        Service *service = run.host.service("queue");
        const QList<ServiceAction> actions = service->actions();
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions[0].name, QStringLiteral("enqueue"));
        QCOMPARE(actions[0].label, QStringLiteral("Enqueue items"));
        QVERIFY(actions[0].count);

        ActionResult result = service->runAction("enqueue", 4);
        QVERIFY(result.done);
        QCOMPARE(result.message, QStringLiteral("4 items enqueued"));
        QCOMPARE(queue->counts().enqueued, 4);
        result = service->runAction("enqueue", 9);
        QVERIFY(!result.done);
        QCOMPARE(result.message, QStringLiteral("The queue was full: 6 of 9 items accepted"));
        QCOMPARE(queue->counts().queued, 10);
        QTRY_COMPARE(run.status().values.value("queued"), QVariant(qint64(10)));
        QCOMPARE(run.status().values.value("rejected"), QVariant(qint64(3)));
    }

    // 1 / rate seconds did not fit in an integer duration (undefined
    // behaviour): the producer's loop then never ended.
    void producerRateIsCheckedInTheSchema_data()
    {
        QTest::addColumn<QString>("rate");
        QTest::addColumn<QString>("error"); // "" for accepted

        const QString expected =
            "workers[0].settings.producerRate: expected 0 or a number from 1e-06 to 100000, got %1";
        QTest::newRow("none") << "0"
                              << "";
        QTest::newRow("smallest") << "0.000001"
                                  << "";
        QTest::newRow("largest") << "100000"
                                 << "";
        QTest::newRow("tiny") << "1e-300" << expected.arg("1e-300");
        QTest::newRow("just below the smallest") << "0.0000009" << expected.arg("9e-07");
        QTest::newRow("huge") << "1e300" << expected.arg("1e+300");
        QTest::newRow("negative") << "-1" << expected.arg("-1");
    }

    void producerRateIsCheckedInTheSchema()
    {
        QFETCH(QString, rate);
        QFETCH(QString, error);
        const QByteArray json = QStringLiteral(R"({"workers": [{"name": "q", "type": "queue",
            "settings": {"producerRate": %1}}]})")
                                    .arg(rate)
                                    .toUtf8();
        const ConfigLoader::Result result = ConfigLoader(test::standardRegistry()).parse(json);
        QCOMPARE(result.issues.isEmpty() ? QString() : result.issues.first().toString(), error);
    }

    // Settings made in code are not checked by the schema: the worker itself
    // must cope with any rate.
    void anyRateGivesAWorkingQueue_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<bool>("produces");

        QTest::newRow("tiny") << 1e-300 << false;
        QTest::newRow("denormal") << std::numeric_limits<double>::denorm_min() << false;
        QTest::newRow("not a number") << std::numeric_limits<double>::quiet_NaN() << false;
        QTest::newRow("huge") << 1e12 << true;
        QTest::newRow("infinite") << std::numeric_limits<double>::infinity() << true;
    }

    void anyRateGivesAWorkingQueue()
    {
        QFETCH(double, rate);
        QFETCH(bool, produces);
        auto *queue = new QueueWorker("queue", {10, rate, 1ms});
        HostRunner run{std::unique_ptr<Service>(queue)};
        QVERIFY(run.start());
        if (produces) {
            // The producer runs at its highest rate: the queue fills and refuses the excess.
            QVERIFY(QTest::qWaitFor([&] { return queue->counts().rejected > 0; }, 10000));
        } else {
            QCOMPARE(queue->enqueue(3), 3);
            QVERIFY(QTest::qWaitFor([&] { return queue->counts().processed == 3; }, 10000));
            QCOMPARE(queue->counts().enqueued, 3); // nothing produced
        }
        QVERIFY(run.stop());
        QCOMPARE(run.state(), ServiceState::Stopped); // returned when asked, not TimedOut
        QVERIFY(balanced(queue->counts()));
    }
};

QTEST_GUILESS_MAIN(TestQueueWorker)
#include "tst_queueworker.moc"
