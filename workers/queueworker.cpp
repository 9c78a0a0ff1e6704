#include "workers/queueworker.h"

#include "workers/settingsvalues.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

namespace workhost {

namespace {

// The time between two produced items, or none. Computed on a rate within
// bounds: 1 / rate of a tiny rate does not fit in an integer duration, which
// is undefined behaviour, and one of a huge rate rounds to 0, which made the
// producer's loop endless.
std::optional<std::chrono::steady_clock::duration> periodOf(double rate)
{
    if (!(rate >= QueueWorker::smallestRate)) // also NaN
        return std::nullopt;
    const double seconds = 1.0 / std::min(rate, QueueWorker::largestRate);
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(seconds));
}

} // namespace

QueueWorker::QueueWorker(QString name, Settings settings)
    : BackgroundWorker(std::move(name))
    , m_settings(settings)
    , m_productionPeriod(periodOf(settings.producerRate))
{
    setItemsUnit(ItemsUnit::items()); // what the window's button enqueues
    addAction({QStringLiteral("enqueue"), QStringLiteral("Enqueue items"),
               ServiceAction::Count{1, 100000, 10}},
              [this](int count) { return enqueueAction(count); });
}

WorkerType QueueWorker::type()
{
    return {"queue",
            "A bounded work queue with a consumer; items come from a producer or by hand.",
            {
                SettingSpec::integer("capacity")
                    .between(1.0, 10000000.0)
                    .withDefault(1000)
                    .describedAs("items the queue holds"),
                SettingSpec::number("producerRate")
                    .between(0.0, largestRate)
                    .zeroOrAtLeast(smallestRate)
                    .withDefault(5.0)
                    .describedAs("items produced per second (0: none)"),
                SettingSpec::seconds("workPerItem")
                    .between(0.001, 3600.0)
                    .withDefault(0.1)
                    .describedAs("seconds one item takes"),
            },
            [](const QString &name, const QVariantMap &settings) {
                return std::make_unique<QueueWorker>(
                    name, Settings{settings.value("capacity").toInt(),
                                   settings.value("producerRate").toDouble(),
                                   secondsSetting(settings, "workPerItem")});
            },
            {}};
}

int QueueWorker::enqueue(int count)
{
    int accepted = 0;
    {
        std::lock_guard lock(m_mutex);
        for (; accepted < count && m_queue.size() < size_t(m_settings.capacity); ++accepted)
            m_queue.push_back(m_nextId++);
        m_counts.enqueued += accepted;
        m_counts.rejected += count - accepted;
        m_counts.queued = static_cast<qint64>(m_queue.size());
    }
    m_changed.notify_all();
    publish();
    return accepted;
}

ActionResult QueueWorker::enqueueAction(int count)
{
    const int accepted = enqueue(count);
    if (accepted < count)
        return {
            false,
            QStringLiteral("The queue was full: %1 of %2 items accepted").arg(accepted).arg(count)};
    return {true, QStringLiteral("%1 items enqueued").arg(count)};
}

QueueWorker::Counts QueueWorker::counts() const
{
    std::lock_guard lock(m_mutex);
    return m_counts;
}

void QueueWorker::produceDue(Clock::time_point &nextProduction)
{
    const Clock::time_point now = Clock::now();
    if (!m_productionPeriod || nextProduction > now)
        return;
    // Counted, not stepped through: after a long item, a fast producer owes many.
    const Clock::duration period = *m_productionPeriod;
    const qint64 due = (now - nextProduction) / period + 1;
    nextProduction += period * due;
    const int asked = static_cast<int>(std::min<qint64>(due, std::numeric_limits<int>::max()));
    const bool refused = enqueue(asked) < asked;
    // Said once each time the queue fills, not for every item refused.
    if (refused && !m_producerRefused)
        log().warn("queue full ({} items): the producer's items are refused until there is room",
                   m_settings.capacity);
    m_producerRefused = refused;
}

void QueueWorker::execute(StopToken token)
{
    log().info("consuming; {} item(s) waiting", counts().queued);
    Clock::time_point nextProduction = Clock::now();
    while (!token.stopRequested()) {
        produceDue(nextProduction);
        qint64 item = 0;
        {
            std::unique_lock lock(m_mutex);
            const auto wakeAt =
                m_productionPeriod ? nextProduction : Clock::now() + std::chrono::hours(1);
            token.waitFor(lock, m_changed, wakeAt - Clock::now(),
                          [this] { return !m_queue.empty(); });
            if (m_queue.empty() || token.stopRequested())
                continue;
            item = m_queue.front();
            m_queue.pop_front();
            m_counts.queued = static_cast<qint64>(m_queue.size());
        }
        // The work itself, cancellable: a stopped item goes back to the front.
        if (!token.sleepFor(m_settings.workPerItem)) {
            {
                std::lock_guard lock(m_mutex);
                m_queue.push_front(item);
                m_counts.queued = static_cast<qint64>(m_queue.size());
            }
            log().info("stopped while working on item {}; it is back at the front of the queue",
                       item);
            break;
        }
        {
            std::lock_guard lock(m_mutex);
            ++m_counts.processed;
        }
        addItemsDone();
        publish();
    }
    publish();
}

void QueueWorker::publish()
{
    const Counts now = counts();
    setNote(QStringLiteral("depth %1, processed %2").arg(now.queued).arg(now.processed));
    setValue(QStringLiteral("queued"), now.queued);
    setValue(QStringLiteral("rejected"), now.rejected);
}

} // namespace workhost
