// What a service's counter updates cost the host's thread: however fast a
// service counts, it wakes the host at most once per status batch (so at
// most once per HostOptions::statusInterval), and the batch still carries
// the latest values.

#include "support/recordingsink.h"
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>

#include <QCoreApplication>
#include <QEvent>
#include <QPointer>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// Counts the calls other threads post to the host's thread for the host
// (events of a user type to the host or its children): each is a wake-up.
class WakeUpCounter : public QObject
{
public:
    explicit WakeUpCounter(const Host &host)
        : m_host(&host)
    {
        QCoreApplication::instance()->installEventFilter(this);
    }
    ~WakeUpCounter() override { QCoreApplication::instance()->removeEventFilter(this); }

    int count() const { return m_count; }

protected:
    bool eventFilter(QObject *receiver, QEvent *event) override
    {
        if (event->type() >= QEvent::User && isHostOrChild(receiver))
            ++m_count;
        return false;
    }

private:
    bool isHostOrChild(const QObject *object) const
    {
        return object == m_host || (object && object->parent() == m_host);
    }

    const QPointer<const Host> m_host;
    int m_count = 0; // the host's thread only
};

// Lets a service's thread wait until the test's thread has handled every
// event posted to it so far (events from one thread are handled in order).
class RoundTrip
{
public:
    explicit RoundTrip(QObject *testThreadObject)
        : m_target(testThreadObject)
    {}

    void operator()()
    {
        quint64 ticket = 0;
        {
            std::lock_guard lock(m_mutex);
            ticket = ++m_sent;
        }
        QMetaObject::invokeMethod(
            m_target,
            [this, ticket] {
                {
                    std::lock_guard lock(m_mutex);
                    m_handled = ticket;
                }
                m_condition.notify_all();
            },
            Qt::QueuedConnection);
        std::unique_lock lock(m_mutex);
        m_condition.wait(lock, [&] { return m_handled >= ticket; });
    }

private:
    QObject *const m_target;
    std::mutex m_mutex;
    std::condition_variable m_condition;
    quint64 m_sent = 0;
    quint64 m_handled = 0;
};

// Counts items in rounds; a round is `fast` updates as fast as it can, then
// `paced` updates each followed by a round trip (so the host's thread has
// handled any wake-up the update posted), then `afterRound(round, total)`.
// Waits for its stop after the last round.
class Counting : public BackgroundWorker
{
public:
    struct Script
    {
        int rounds = 1;
        int fast = 0;
        int paced = 0;
        RoundTrip *roundTrip = nullptr;
        std::function<void(int round, qint64 total)> afterRound;
    };

    Counting(Script script, std::atomic<bool> &done)
        : BackgroundWorker("counting")
        , m_script(std::move(script))
        , m_done(done)
    {}

protected:
    void execute(StopToken token) override
    {
        qint64 total = 0;
        for (int round = 1; round <= m_script.rounds; ++round) {
            for (int i = 0; i < m_script.fast; ++i, ++total)
                addItemsDone();
            for (int i = 0; i < m_script.paced; ++i, ++total) {
                addItemsDone();
                (*m_script.roundTrip)();
            }
            if (m_script.afterRound)
                m_script.afterRound(round, total);
        }
        m_done = true;
        token.sleepFor(1h);
    }

private:
    const Script m_script;
    std::atomic<bool> &m_done;
};

qint64 lastItemsDone(const QList<QList<ServiceStatus>> &batches)
{
    for (auto batch = batches.crbegin(); batch != batches.crend(); ++batch) {
        for (const ServiceStatus &status : *batch) {
            if (status.name == QLatin1String("counting"))
                return status.itemsDone;
        }
    }
    return -1;
}

} // namespace

class TestStatusRequests : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    // 101,000 updates within one status interval: one wake-up, and the final
    // batch (at the host's stop) carries the last count.
    void updatesWithinAnIntervalWakeTheHostOnce()
    {
        HostOptions options;
        options.statusInterval = 1h; // no batch until the stop publishes one
        Host host(options);
        QList<QList<ServiceStatus>> batches;
        connect(&host, &Host::statusesChanged, this,
                [&](const QList<ServiceStatus> &batch) { batches.append(batch); });
        RoundTrip roundTrip(this);
        std::atomic<bool> done = false;
        QVERIFY(host.addService(
            std::make_unique<Counting>(Counting::Script{1, 100'000, 1'000, &roundTrip, {}}, done)));
        const WakeUpCounter wakeUps(host);

        host.start();
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
        // Each paced update was made after the host's thread had handled
        // every earlier wake-up: a request taken at once would post again.
        QVERIFY2(wakeUps.count() <= 1,
                 qPrintable(QStringLiteral("%1 wake-ups for 101,000 updates in one interval")
                                .arg(wakeUps.count())));
        QVERIFY(batches.isEmpty());

        host.stop();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Stopped, 30000);
        QCOMPARE(lastItemsDone(batches), 101'000);
    }

    // After each batch the next update wakes the host again, and the batch
    // that follows carries the round's last count.
    void theUpdateAfterABatchWakesTheHostAgain()
    {
        HostOptions options;
        options.statusInterval = 10ms;
        Host host(options);
        // The last count each batch carried, written on the host's thread.
        std::mutex mutex;
        std::condition_variable published;
        qint64 lastPublished = -1;
        QList<qint64> counts;
        connect(&host, &Host::statusesChanged, this, [&](const QList<ServiceStatus> &batch) {
            for (const ServiceStatus &status : batch) {
                if (status.name != QLatin1String("counting"))
                    continue;
                {
                    std::lock_guard lock(mutex);
                    lastPublished = status.itemsDone;
                }
                counts.append(status.itemsDone);
                published.notify_all();
            }
        });
        RoundTrip roundTrip(this);
        std::atomic<bool> done = false;
        std::atomic<int> roundsPublished = 0;
        const auto waitForBatch = [&](int, qint64 total) {
            std::unique_lock lock(mutex);
            if (published.wait_for(lock, 30s, [&] { return lastPublished == total; }))
                ++roundsPublished;
        };
        QVERIFY(host.addService(std::make_unique<Counting>(
            Counting::Script{5, 10'000, 10, &roundTrip, waitForBatch}, done)));

        host.start();
        QTRY_VERIFY_WITH_TIMEOUT(done, 60000);
        QCOMPARE(roundsPublished.load(), 5);
        for (const qint64 total : {10'010, 20'020, 30'030, 40'040, 50'050})
            QVERIFY2(counts.contains(total),
                     qPrintable(QStringLiteral("no batch with %1").arg(total)));
        host.stop();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Stopped, 30000);
    }
};

QTEST_GUILESS_MAIN(TestStatusRequests)
#include "tst_statusrequests.moc"
