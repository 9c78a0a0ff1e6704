// Cancellable waits: they return as soon as stop is requested.

#include "core/stoptoken.h"

#include <QElapsedTimer>
#include <QTest>

#include <thread>

using namespace workhost;
using namespace std::chrono_literals;

class TestStopToken : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sleepReturnsTrueWhenItSleptTheWholeTime()
    {
        std::stop_source source;
        QVERIFY(StopToken(source.get_token()).sleepFor(5ms));
    }

    void sleepEndsAtOnceWhenStopIsRequested()
    {
        std::stop_source source;
        StopToken token(source.get_token());
        std::atomic<bool> result = true;
        QElapsedTimer clock;
        clock.start();
        std::thread sleeper([&] { result = token.sleepFor(60s); });
        source.request_stop();
        sleeper.join();
        QVERIFY(!result);
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY(token.stopRequested());
    }

    void sleepAfterStopDoesNotSleep()
    {
        std::stop_source source;
        source.request_stop();
        QVERIFY(!StopToken(source.get_token()).sleepFor(60s));
    }

    void waitEndsOnConditionOrStop()
    {
        std::stop_source source;
        StopToken token(source.get_token());
        std::mutex mutex;
        std::condition_variable_any condition;
        bool ready = false;

        std::thread producer([&] {
            {
                std::lock_guard lock(mutex);
                ready = true;
            }
            condition.notify_all();
        });
        {
            std::unique_lock lock(mutex);
            QVERIFY(token.wait(lock, condition, [&] { return ready; }));
        }
        producer.join();

        std::thread stopper([&] { source.request_stop(); });
        {
            std::unique_lock lock(mutex);
            QVERIFY(!token.waitFor(lock, condition, 60s, [] { return false; }));
        }
        stopper.join();
    }

    void defaultTokenNeverStops()
    {
        StopToken token;
        QVERIFY(!token.stopRequested());
        QVERIFY(token.sleepFor(1ms));
    }
};

QTEST_APPLESS_MAIN(TestStopToken)
#include "tst_stoptoken.moc"
