#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace workhost {

// A bounded in-process work queue with one consumer, like .NET's Channel<T>
// consumer. Items come from enqueue() (the window, any thread) and from an
// optional producer at `producerRate` items per second. When stopped, the item
// in flight goes back to the front of the queue: none is ever lost, so
// enqueued == processed + queued at every moment the lock is free.
// The queue outlives runs: a restart continues where it stopped.
// Callers that know only a Service enqueue through its action "enqueue"
// (a count); its status carries the values "queued" and "rejected".
//
// The schema accepts a producerRate of 0 (none) or from smallestRate to
// largestRate. Settings made in code are not checked: the worker reads a rate
// below smallestRate (its period would fit in no duration) or NaN as no
// producer, and one above largestRate as largestRate.
class QueueWorker : public BackgroundWorker
{
public:
    static constexpr double smallestRate = 1e-6;  // an item every 11.6 days
    static constexpr double largestRate = 100000; // an item every 10 µs

    struct Settings
    {
        int capacity = 1000;
        double producerRate = 0;                    // items per second; 0: none
        std::chrono::milliseconds workPerItem{100}; // what one item takes
    };

    struct Counts
    {
        qint64 enqueued = 0;
        qint64 processed = 0;
        qint64 queued = 0;
        qint64 rejected = 0; // refused because the queue was full
    };

    QueueWorker(QString name, Settings settings);
    static WorkerType type();

    // Any thread. Adds up to `count` items; returns how many fit.
    int enqueue(int count);
    Counts counts() const;

protected:
    void execute(StopToken token) override;

private:
    using Clock = std::chrono::steady_clock;

    ActionResult enqueueAction(int count); // any thread, as enqueue()
    void produceDue(Clock::time_point &nextProduction);
    void publish();

    const Settings m_settings;
    const std::optional<Clock::duration> m_productionPeriod; // none: no producer
    bool m_producerRefused = false; // the last items produced found it full (run thread only)
    mutable std::mutex m_mutex;     // guards the queue and the counts
    std::condition_variable_any m_changed;
    std::deque<qint64> m_queue; // item ids
    qint64 m_nextId = 1;
    Counts m_counts;
};

} // namespace workhost
