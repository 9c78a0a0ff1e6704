// The queue worker: bounded, fed by hand and by its producer, and nothing is
// lost when it stops in the middle of an item.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "workers/queueworker.h"

#include <QTest>

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
};

QTEST_GUILESS_MAIN(TestQueueWorker)
#include "tst_queueworker.moc"
