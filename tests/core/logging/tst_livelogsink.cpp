// The live sink under a flood: nothing is lost without being counted, and
// every writer's lines arrive in the order it wrote them.

#include "core/logging/livelogsink.h"
#include "core/logging/logfeed.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>

#include <spdlog/logger.h>

#include <thread>

using namespace workhost;

class TestLiveLogSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void floodIsDeliveredOrCountedInOrder()
    {
        const int writers = 8;
        const int linesEach = 100000;
        auto sink = std::make_shared<LiveLogSink>(4096); // small: drops must happen
        LogFeed feed(sink);
        feed.setInterval(std::chrono::milliseconds(5));

        std::vector<int> lastSeen(writers, -1);
        bool ordered = true;
        quint64 delivered = 0;
        quint64 dropped = 0;
        quint64 newestSequence = 0;
        connect(&feed, &LogFeed::batchReady, this,
                [&](const LogRecords &records, quint64 droppedBefore) {
                    dropped += droppedBefore;
                    delivered += records.size();
                    for (const LogRecord &record : records) {
                        newestSequence = std::max(newestSequence, record.sequence);
                        const int writer = record.service.mid(1).toInt();
                        const int line = record.message.toInt();
                        ordered = ordered && line > lastSeen[size_t(writer)];
                        lastSeen[size_t(writer)] = line;
                    }
                });

        std::vector<std::thread> threads;
        for (int w = 0; w < writers; ++w) {
            threads.emplace_back([sink, w, linesEach] {
                spdlog::logger logger("w" + std::to_string(w), sink);
                for (int i = 0; i < linesEach; ++i)
                    logger.info("{}", i);
            });
        }
        std::atomic<bool> done = false;
        std::thread joiner([&] {
            for (std::thread &thread : threads)
                thread.join();
            done = true;
        });
        // Keep the feed draining while they write, as the window would.
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 120000);
        joiner.join();
        feed.takeNow();

        const quint64 produced = quint64(writers) * linesEach;
        QCOMPARE(sink->produced(), produced);
        QCOMPARE(delivered + dropped, produced);
        QCOMPARE(dropped, sink->dropped());
        QCOMPARE(feed.delivered(), delivered);
        QVERIFY(ordered);
        // Drops take the oldest: the newest line of all is always delivered.
        QCOMPARE(newestSequence, produced);
    }

    void recordsCarryWhatWasLogged()
    {
        auto sink = std::make_shared<LiveLogSink>();
        spdlog::logger logger("mailer", sink);
        logger.set_level(spdlog::level::trace);
        logger.warn("disk {}% full", 93);
        logger.trace("détail");
        const LiveLogSink::Batch batch = sink->take();
        QCOMPARE(batch.records.size(), size_t(2));
        QCOMPARE(batch.records[0].service, QStringLiteral("mailer"));
        QCOMPARE(batch.records[0].level, LogLevel::Warning);
        QCOMPARE(batch.records[0].message, QStringLiteral("disk 93% full"));
        QCOMPARE(batch.records[0].sequence, quint64(1));
        QVERIFY(batch.records[0].threadId != 0);
        QVERIFY(qAbs(batch.records[0].timeUsec / 1000 - QDateTime::currentMSecsSinceEpoch()) <
                60000);
        QCOMPARE(batch.records[1].level, LogLevel::Trace);
        QCOMPARE(batch.records[1].message, QString::fromUtf8("détail"));
        QCOMPARE(batch.records[1].sequence, quint64(2));
        QCOMPARE(batch.dropped, quint64(0));
    }

    void idleFeedDoesNotWakeUp()
    {
        auto sink = std::make_shared<LiveLogSink>();
        LogFeed feed(sink);
        QSignalSpy batches(&feed, &LogFeed::batchReady);
        QVERIFY(!batches.wait(100)); // nothing logged: no batch, no timer
        spdlog::logger logger("one", sink);
        logger.info("hello");
        QVERIFY(batches.wait(1000));
        QCOMPARE(batches.count(), 1);
        QCOMPARE(batches.at(0).at(0).value<LogRecords>().size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestLiveLogSink)
#include "tst_livelogsink.moc"
