#pragma once

// Services that fail the way real ones do, for the reliability suite: they
// throw what real code throws (from execute(), onStart() or onStop()), return
// at once again and again, or never return at all. Each records what a test
// needs to measure (its runs and when they began).
//
// Owned by the Host they are added to; their code runs on the service's thread.
// The records below are guarded by a mutex or atomic, for the test's thread.

#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/hostedservice.h>

#include <QTimer>

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <new>
#include <stdexcept>
#include <vector>

namespace workhost::test {

// What a ThrowingWorker throws from execute().
enum class Thrown { BadAlloc, RuntimeError, Int };

// Runs for a moment (so it reaches Running), then throws.
class ThrowingWorker : public BackgroundWorker
{
public:
    ThrowingWorker(QString name, Thrown thrown)
        : BackgroundWorker(std::move(name))
        , m_thrown(thrown)
    {}

protected:
    void execute(StopToken token) override
    {
        if (!token.sleepFor(std::chrono::milliseconds(5)))
            return;
        switch (m_thrown) {
        case Thrown::BadAlloc:
            throw std::bad_alloc();
        case Thrown::RuntimeError:
            throw std::runtime_error("the disk is full");
        case Thrown::Int:
            throw 7;
        }
    }

private:
    const Thrown m_thrown;
};

// A hosted service that throws from onStart() or from onStop().
class ThrowingHostedService : public HostedService
{
public:
    enum class Where { Start, Stop };

    ThrowingHostedService(QString name, Where where)
        : HostedService(std::move(name))
        , m_where(where)
    {}

protected:
    void onStart(QObject &context) override
    {
        if (m_where == Where::Start)
            throw std::runtime_error("cannot bind the port");
        auto *timer = new QTimer(&context);
        QObject::connect(timer, &QTimer::timeout, &context, [this] { addItemsDone(); });
        timer->start(1);
    }

    void onStop() override
    {
        if (m_where == Where::Stop)
            throw std::runtime_error("cannot flush the cache");
    }

private:
    const Where m_where;
};

// Returns (or throws) at once, every run: a restart storm. Records when each
// run began, on the steady clock, so a test can measure the backoff.
class StormWorker : public BackgroundWorker
{
public:
    using Clock = std::chrono::steady_clock;

    StormWorker(QString name, bool throws)
        : BackgroundWorker(std::move(name))
        , m_throws(throws)
    {}

    std::vector<Clock::time_point> runStarts() const
    {
        std::lock_guard lock(m_mutex);
        return m_runStarts;
    }
    int runs() const { return static_cast<int>(runStarts().size()); }

protected:
    void execute(StopToken) override
    {
        {
            std::lock_guard lock(m_mutex);
            m_runStarts.push_back(Clock::now());
        }
        if (m_throws)
            throw std::runtime_error("crashed at once");
    }

private:
    const bool m_throws;
    mutable std::mutex m_mutex;
    std::vector<Clock::time_point> m_runStarts;
};

// Never returns, whatever the token says: the host can only abandon it.
// Run it in a child process (see faultchild.h): its thread outlives the host.
class NeverReturningWorker : public BackgroundWorker
{
public:
    explicit NeverReturningWorker(QString name)
        : BackgroundWorker(std::move(name))
    {}

protected:
    void execute(StopToken) override
    {
        log().info("working, and never returning");
        std::mutex mutex;
        std::condition_variable never;
        std::unique_lock lock(mutex);
        never.wait(lock, [] { return false; });
    }
};

} // namespace workhost::test
