// Cancellable waits: they return as soon as stop is requested.

#include <workhost/hosting/stoptoken.h>

#include <QFile>
#include <QTest>

#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

// A wait that cannot time out while a test runs (ctest stops it long before).
constexpr std::chrono::hours longerThanAnyTestRun{1};

// Whether thread `tid` of this process is blocked in the futex system call,
// as a condition variable's wait is (Linux: /proc/self/task/TID/syscall
// starts with the number of the call the thread is in).
bool blockedInFutex(pid_t tid)
{
    QFile file(QStringLiteral("/proc/self/task/%1/syscall").arg(tid));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.readAll().split(' ').value(0) == QByteArray::number(SYS_futex);
}

// Ends `thread` once `returned` holds, or leaves it running (detached) if it
// does not within a minute: a wait that the stop failed to wake must fail the
// test, not hang it for the wait's hour.
bool joinOnceReturned(std::thread &thread, const std::atomic<bool> &returned)
{
    if (!QTest::qWaitFor([&] { return returned.load(); }, 60000)) {
        thread.detach();
        return false;
    }
    thread.join();
    return true;
}

} // namespace

class TestStopToken : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sleepReturnsTrueWhenItSleptTheWholeTime()
    {
        std::stop_source source;
        QVERIFY(StopToken(source.get_token()).sleepFor(5ms));
    }

    // The stop wakes a sleep already in progress: it is requested only once
    // the sleeper is blocked in the kernel (futex) inside sleepFor(), and the
    // sleep, an hour long, can only have ended because of it.
    void sleepInProgressEndsWhenStopIsRequested()
    {
        std::stop_source source;
        StopToken token(source.get_token());
        std::atomic<pid_t> sleeperTid = 0;
        std::atomic<bool> sleptWholeTime = true;
        std::atomic<bool> returned = false;
        const auto start = std::chrono::steady_clock::now();
        std::thread sleeper([&] {
            sleeperTid = ::gettid();
            sleptWholeTime = token.sleepFor(longerThanAnyTestRun);
            returned = true;
        });
        const auto sleeping = [&] { return sleeperTid != 0 && blockedInFutex(sleeperTid); };
        QTRY_VERIFY_WITH_TIMEOUT(sleeping(), 60000);
        QVERIFY(!returned);
        source.request_stop();
        QVERIFY2(joinOnceReturned(sleeper, returned), "the stop did not wake the sleep");
        QVERIFY(!sleptWholeTime);
        QVERIFY(std::chrono::steady_clock::now() - start < longerThanAnyTestRun);
    }

    void sleepAfterStopDoesNotSleep()
    {
        std::stop_source source;
        source.request_stop();
        QVERIFY(!StopToken(source.get_token()).sleepFor(60s));
    }

    void waitEndsWhenReady()
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
    }

    // The stop wakes a wait already in progress. The waiter releases `mutex`
    // only inside the wait, after evaluating its predicate: once this thread
    // holds the mutex after that, the waiter is waiting (condition_variable_any
    // cannot lose a stop requested from then on). The timeout is an hour:
    // false before it means that the stop, not the timeout, ended the wait.
    void waitInProgressEndsWhenStopIsRequested()
    {
        std::stop_source source;
        StopToken token(source.get_token());
        std::mutex mutex;
        std::condition_variable_any condition;
        int predicateChecks = 0; // guarded by mutex
        std::atomic<bool> ready = true;
        std::atomic<bool> returned = false;
        const auto start = std::chrono::steady_clock::now();
        std::thread waiter([&] {
            std::unique_lock lock(mutex);
            ready = token.waitFor(lock, condition, longerThanAnyTestRun, [&] {
                ++predicateChecks;
                return false;
            });
            returned = true;
        });
        const auto waiting = [&] {
            std::lock_guard lock(mutex);
            return predicateChecks > 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(waiting(), 60000);
        QVERIFY(!returned);
        source.request_stop();
        QVERIFY2(joinOnceReturned(waiter, returned), "the stop did not wake the wait");
        QVERIFY(!ready);
        QVERIFY(std::chrono::steady_clock::now() - start < longerThanAnyTestRun);
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
