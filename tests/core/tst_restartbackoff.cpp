// The arithmetic of the restart policy, on an explicit clock.

#include <workhost/hosting/detail/restartbackoff.h>

#include <QTest>

using namespace workhost;
using namespace std::chrono_literals;
using Clock = RestartBackoff::Clock;

Q_DECLARE_METATYPE(std::chrono::milliseconds)

class TestRestartBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delays_data()
    {
        QTest::addColumn<QList<int>>("faultAtMs");  // when each run ended
        QTest::addColumn<QList<int>>("ranForMs");   // how long each run had lasted
        QTest::addColumn<QList<int>>("expectedMs"); // delay, or -1 for give up

        // Defaults: 100 ms initial, x2, 60 s cap, reset after 30 s, 8 restarts per 60 s.
        QTest::newRow("doubles from 100 ms, then gives up on the ninth fault in a minute")
            << QList<int>{0, 100, 300, 700, 1500, 3100, 6300, 12700, 25500}
            << QList<int>{0, 0, 0, 0, 0, 0, 0, 0, 0}
            << QList<int>{100, 200, 400, 800, 1600, 3200, 6400, 12800, -1};
        QTest::newRow("a healthy run resets the delay")
            << QList<int>{0, 100, 40000} << QList<int>{0, 0, 35000} << QList<int>{100, 200, 100};
        QTest::newRow("old restarts leave the intensity window")
            << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 60000, 60001}
            << QList<int>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
            << QList<int>{100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200};
    }

    void delays()
    {
        QFETCH(QList<int>, faultAtMs);
        QFETCH(QList<int>, ranForMs);
        QFETCH(QList<int>, expectedMs);

        RestartBackoff backoff;
        const Clock::time_point origin = Clock::now();
        QList<int> actual;
        for (qsizetype i = 0; i < faultAtMs.size(); ++i) {
            const auto delay = backoff.nextDelay(origin + std::chrono::milliseconds(faultAtMs[i]),
                                                 std::chrono::milliseconds(ranForMs[i]));
            actual << (delay ? int(delay->count()) : -1);
        }
        QCOMPARE(actual, expectedMs);
    }

    // What the README promises: a one-off crash is restarted after 100 ms, and
    // a crash loop is retried for about 25 s (delays 0.1 s, 0.2 s ... 12.8 s).
    void theDefaultFirstDelayIs100Ms()
    {
        RestartBackoff backoff;
        QCOMPARE(*backoff.nextDelay(Clock::now(), 0ms), 100ms);
        QCOMPARE(RestartPolicy().maxRestarts, 8);
    }

    // 0 turns the backoff off: every restart at once, until the intensity limit.
    void zeroRestartsAtOnceUntilTheLimit()
    {
        RestartPolicy policy;
        policy.initialBackoff = 0ms;
        policy.maxRestarts = 3;
        RestartBackoff backoff(policy);
        const Clock::time_point t = Clock::now();
        QCOMPARE(*backoff.nextDelay(t, 0ms), 0ms);
        QCOMPARE(*backoff.nextDelay(t, 0ms), 0ms);
        QCOMPARE(*backoff.nextDelay(t, 0ms), 0ms);
        QVERIFY(!backoff.nextDelay(t, 0ms).has_value());
    }

    void capsAtTheMaximum()
    {
        RestartPolicy policy;
        policy.initialBackoff = 10s;
        policy.backoffFactor = 3;
        policy.maxBackoff = 45s;
        policy.maxRestarts = 100;
        RestartBackoff backoff(policy);
        const Clock::time_point t = Clock::now();
        QCOMPARE(*backoff.nextDelay(t, 0ms), 10000ms);
        QCOMPARE(*backoff.nextDelay(t, 0ms), 30000ms);
        QCOMPARE(*backoff.nextDelay(t, 0ms), 45000ms);
        QCOMPARE(*backoff.nextDelay(t, 0ms), 45000ms);
    }

    void resetForgetsEverything()
    {
        RestartPolicy policy;
        policy.maxRestarts = 1;
        RestartBackoff backoff(policy);
        const Clock::time_point t = Clock::now();
        QVERIFY(backoff.nextDelay(t, 0ms).has_value());
        QVERIFY(!backoff.nextDelay(t, 0ms).has_value());
        backoff.reset();
        QCOMPARE(*backoff.nextDelay(t, 0ms), 100ms);
    }
};

QTEST_APPLESS_MAIN(TestRestartBackoff)
#include "tst_restartbackoff.moc"
