// The live sink under a flood: nothing is lost without being counted, every
// writer's lines arrive in the order it wrote them, and long lines cannot make
// it hold more than its byte budget.

#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logfeed.h>
#include <workhost/logging/loglevel.h>

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

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
        // The sink also let go records the feed had read.
        QVERIFY(dropped <= sink->dropped());
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
        const LiveLogSink::Batch batch = sink->readAfter(0);
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
        QCOMPARE(batch.missed, quint64(0));
    }

    // 4,000 lines of 60,000 characters cost 480 MB as records: with nobody
    // taking them, the sink keeps only the newest that fit in its budget.
    void longLinesAreBoundedInBytes()
    {
        auto sink = std::make_shared<LiveLogSink>(); // the pipeline's defaults
        spdlog::logger logger("flood", sink);
        const std::string line(60000, 'x');
        const int lines = 4000;
        for (int i = 1; i <= lines; ++i)
            logger.info("{:05d}{}", i, line);

        QVERIFY2(sink->ringBytes() <= LiveLogSink::defaultByteBudget,
                 qPrintable(QString::number(sink->ringBytes())));
        const LiveLogSink::Batch batch = sink->readAfter(0);
        size_t held = 0;
        for (const LogRecord &record : batch.records)
            held += heldBytes(record);
        QVERIFY2(held <= LiveLogSink::defaultByteBudget, qPrintable(QString::number(held)));
        // Nearly the whole budget is used: one more line would not have fitted.
        QVERIFY(held + heldBytes(batch.records.back()) > LiveLogSink::defaultByteBudget);
        QCOMPARE(sink->produced(), quint64(lines));
        QCOMPARE(quint64(batch.records.size()) + batch.missed, quint64(lines));
        QCOMPARE(batch.missed, sink->dropped());
        // The newest are kept, in order, and each one whole.
        for (size_t i = 0; i < batch.records.size(); ++i) {
            const quint64 expected = quint64(lines) - batch.records.size() + i + 1;
            QCOMPARE(batch.records[i].sequence, expected);
            QCOMPARE(batch.records[i].message.size(), qsizetype(60005));
            QCOMPARE(batch.records[i].message.left(5).toULongLong(), expected);
        }
        QCOMPARE(sink->ringBytes(), held); // read, and still held for other readers
    }

    // Counted by their real size (UTF-16), the service's name included.
    void heldBytesCountWhatIsAllocated()
    {
        auto sink = std::make_shared<LiveLogSink>(100, 64 * 1024);
        const std::string name(1000, 'n');
        spdlog::logger logger(name, sink);
        logger.info("{}", std::string(10000, 'a'));
        const size_t oneLine = sink->ringBytes();
        QVERIFY2(oneLine >= sizeof(LogRecord) + (10000 + 1000) * sizeof(QChar),
                 qPrintable(QString::number(oneLine)));
        logger.info("{}", "é");
        QVERIFY(sink->ringBytes() > oneLine + sizeof(LogRecord) + 1000 * sizeof(QChar));
    }

    // A record larger than the whole budget goes alone: nothing older is
    // sacrificed for it, and the drop is counted like any other.
    void recordLargerThanTheBudgetIsDroppedAlone()
    {
        auto sink = std::make_shared<LiveLogSink>(100, 64 * 1024);
        spdlog::logger logger("big", sink);
        logger.info("before");
        logger.info("{}", std::string(100000, 'y'));
        logger.info("after");
        const LiveLogSink::Batch batch = sink->readAfter(0);
        QCOMPARE(batch.records.size(), size_t(2));
        QCOMPARE(batch.records[0].message, QStringLiteral("before"));
        QCOMPARE(batch.records[1].message, QStringLiteral("after"));
        QCOMPARE(batch.records[1].sequence, quint64(3));
        QCOMPARE(batch.missed, quint64(1));
        QCOMPARE(sink->produced(), quint64(3));
    }

    // An idle feed does not wake its thread: while nothing is logged, the
    // event loop blocks with nothing to do, where a feed polling the sink at
    // its interval would wake it at every tick. Then a burst larger than the
    // sink: one batch with the newest records, the oldest counted as missed.
    void idleFeedDoesNotWakeUpAndCountsWhatItMissed()
    {
        auto sink = std::make_shared<LiveLogSink>(3);
        LogFeed feed(sink);
        feed.setInterval(std::chrono::milliseconds(5));
        QSignalSpy batches(&feed, &LogFeed::batchReady);
        QVERIFY(idleLoopStaysAsleep(feed));

        spdlog::logger logger("burst", sink);
        for (int i = 1; i <= 5; ++i)
            logger.info("{}", i);
        QVERIFY(batches.wait(30000));
        QCOMPARE(batches.count(), 1);
        const LogRecords records = batches.at(0).at(0).value<LogRecords>();
        QCOMPARE(messagesOf(records), QStringList({"3", "4", "5"}));
        QCOMPARE(batches.at(0).at(1).toULongLong(), quint64(2)); // 1 and 2, the oldest
        QCOMPARE(feed.delivered(), quint64(3));
        QCOMPARE(feed.dropped(), quint64(2));

        QVERIFY(idleLoopStaysAsleep(feed));
        QCOMPARE(batches.count(), 1);
    }

    // Several readers follow one sink, each from its own last record.
    void twoFeedsReadTheSameRecords()
    {
        auto sink = std::make_shared<LiveLogSink>();
        LogFeed first(sink);
        LogFeed second(sink);
        QSignalSpy firstBatches(&first, &LogFeed::batchReady);
        QSignalSpy secondBatches(&second, &LogFeed::batchReady);
        spdlog::logger logger("both", sink);
        for (int i = 1; i <= 3; ++i)
            logger.info("{}", i);
        QTRY_COMPARE_WITH_TIMEOUT(first.delivered(), quint64(3), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(second.delivered(), quint64(3), 30000);
        QCOMPARE(messagesOf(firstBatches), QStringList({"1", "2", "3"}));
        QCOMPARE(messagesOf(secondBatches), QStringList({"1", "2", "3"}));
        QCOMPARE(first.dropped() + second.dropped(), quint64(0));
    }

    // Destroying one feed, whichever was made first, leaves the other woken.
    void destroyingOneFeedDoesNotStarveTheOther()
    {
        for (const bool destroyTheFirst : {true, false}) {
            auto sink = std::make_shared<LiveLogSink>();
            auto first = std::make_unique<LogFeed>(sink);
            auto second = std::make_unique<LogFeed>(sink);
            std::unique_ptr<LogFeed> &kept = destroyTheFirst ? second : first;
            (destroyTheFirst ? first : second).reset();
            QSignalSpy batches(kept.get(), &LogFeed::batchReady);
            spdlog::logger logger("after", sink);
            logger.info("still read");
            QVERIFY2(batches.wait(30000),
                     destroyTheFirst ? "second feed starved" : "first feed starved");
            QCOMPARE(messagesOf(batches), QStringList({"still read"}));
        }
    }

    // A reader that falls behind the sink's capacity is told exactly how many
    // records it missed; a reader that kept up missed none of them.
    void slowReaderIsToldHowManyItMissed()
    {
        auto sink = std::make_shared<LiveLogSink>(10);
        LogFeed fast(sink);
        LogFeed slow(sink);
        QSignalSpy fastBatches(&fast, &LogFeed::batchReady);
        QSignalSpy slowBatches(&slow, &LogFeed::batchReady);
        spdlog::logger logger("flood", sink);
        for (int i = 1; i <= 25; ++i) {
            logger.info("{}", i);
            fast.takeNow();
        }
        slow.takeNow();
        QCOMPARE(fast.delivered(), quint64(25));
        QCOMPARE(fast.dropped(), quint64(0));
        QCOMPARE(slowBatches.count(), 1);
        QCOMPARE(slowBatches.at(0).at(1).toULongLong(), quint64(15));
        QStringList newest;
        for (int i = 16; i <= 25; ++i)
            newest << QString::number(i);
        QCOMPARE(messagesOf(slowBatches), newest);
        QCOMPARE(slow.delivered() + slow.dropped(), quint64(25));
        QCOMPARE(messagesOf(fastBatches).size(), 25);
    }

private:
    // An idle loop wakes for the end of its own wait only (the timer, and the
    // loop's exit): a feed polling at a 5 ms interval would wake it about 50 times.
    static constexpr int maxWakeUpsOfAnIdleLoop = 4;

    // Runs the feed's thread's event loop for 50 of the feed's intervals
    // while nothing is logged: does it stay asleep (but for its own end)?
    // A window, not a wait for something: what is asserted is that nothing
    // happens in it, so it has to last; a longer one only makes it stricter.
    static bool idleLoopStaysAsleep(LogFeed &feed)
    {
        QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(feed.thread());
        int wakeUps = 0;
        const QMetaObject::Connection counting =
            connect(dispatcher, &QAbstractEventDispatcher::awake, [&] { ++wakeUps; });
        QEventLoop loop; // not QTest::qWait(), which wakes every 10 ms itself
        QTimer::singleShot(250, &loop, &QEventLoop::quit);
        loop.exec();
        disconnect(counting);
        if (wakeUps <= maxWakeUpsOfAnIdleLoop)
            return true;
        qWarning("the idle loop woke up %d times", wakeUps);
        return false;
    }

    static QStringList messagesOf(const LogRecords &records)
    {
        QStringList messages;
        for (const LogRecord &record : records)
            messages << record.message;
        return messages;
    }

    static QStringList messagesOf(const QSignalSpy &batches)
    {
        QStringList messages;
        for (const QList<QVariant> &batch : batches)
            messages += messagesOf(batch.at(0).value<LogRecords>());
        return messages;
    }
};

QTEST_GUILESS_MAIN(TestLiveLogSink)
#include "tst_livelogsink.moc"
