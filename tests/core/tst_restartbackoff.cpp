// The arithmetic of the restart policy, on an explicit clock.

#include "core/restartbackoff.h"

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

        // Defaults: 1 s initial, x2, 60 s cap, reset after 30 s, 5 restarts per 60 s.
        QTest::newRow("doubles, then gives up on the sixth fault in a minute")
            << QList<int>{0, 1000, 3000, 7000, 15000, 31000} << QList<int>{0, 0, 0, 0, 0, 0}
            << QList<int>{1000, 2000, 4000, 8000, 16000, -1};
        QTest::newRow("a healthy run resets the delay")
            << QList<int>{0, 1000, 40000} << QList<int>{0, 0, 35000}
            << QList<int>{1000, 2000, 1000};
        QTest::newRow("old restarts leave the intensity window")
            << QList<int>{0, 1, 2, 3, 4, 60000, 60001} << QList<int>{0, 0, 0, 0, 0, 0, 0}
            << QList<int>{1000, 2000, 4000, 8000, 16000, 32000, 60000};
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
        QCOMPARE(*backoff.nextDelay(t, 0ms), 1000ms);
    }
};

QTEST_APPLESS_MAIN(TestRestartBackoff)
#include "tst_restartbackoff.moc"
