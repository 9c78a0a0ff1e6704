#pragma once

// Scripted services for the core tests: each does one thing a real service
// might do (wait, ignore stop, throw, complete, tick on a timer), so that a
// test can put the host through every path.

#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/hostedservice.h>

#include <QThread>

#include <QTimer>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace workhost::test {

// A latch a test opens to let a service go on.
class Gate
{
public:
    void open()
    {
        {
            std::lock_guard lock(m_mutex);
            m_open = true;
        }
        m_condition.notify_all();
    }
    void waitOpen()
    {
        std::unique_lock lock(m_mutex);
        m_condition.wait(lock, [this] { return m_open; });
    }
    bool waitOpen(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        return m_condition.wait_for(lock, timeout, [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_condition;
    bool m_open = false;
};

// Built on a library that cancels by exception: once its token fires, the
// wait it is in throws (as .NET's OperationCanceledException on the stopping token).
class ThrowsOnCancellation : public BackgroundWorker
{
public:
    using BackgroundWorker::BackgroundWorker;

protected:
    void execute(StopToken token) override
    {
        if (!token.sleepFor(std::chrono::seconds(60)))
            throw std::runtime_error("operation cancelled");
    }
};

enum class Behaviour {
    WaitForStop,     // a 60 s cancellable wait
    IgnoreStop,      // ignores its token until the gate opens
    ThrowStd,        // throws std::runtime_error("boom")
    ThrowInt,        // throws 42
    ThrowAfterGate,  // waits for the gate, then throws
    Complete,        // returns at once
    LogUntilStopped, // logs a line every millisecond until stopped
    Spin             // burns CPU until stopped
};

class ScriptedWorker : public BackgroundWorker
{
public:
    ScriptedWorker(QString name, Behaviour behaviour, Gate *gate = nullptr)
        : BackgroundWorker(std::move(name))
        , m_behaviour(behaviour)
        , m_gate(gate)
    {}

    std::atomic<int> runs = 0;
    std::atomic<QThread *> lastThread = nullptr;

protected:
    void execute(StopToken token) override
    {
        ++runs;
        lastThread = QThread::currentThread();
        switch (m_behaviour) {
        case Behaviour::WaitForStop:
            token.sleepFor(std::chrono::seconds(60));
            return;
        case Behaviour::IgnoreStop:
            m_gate->waitOpen();
            return;
        case Behaviour::ThrowStd:
            throw std::runtime_error("boom");
        case Behaviour::ThrowInt:
            throw 42;
        case Behaviour::ThrowAfterGate:
            m_gate->waitOpen();
            throw std::runtime_error("failed after a while");
        case Behaviour::Complete:
            return;
        case Behaviour::LogUntilStopped:
            while (token.sleepFor(std::chrono::milliseconds(1))) {
                log().info("working");
                addItemsDone();
            }
            return;
        case Behaviour::Spin: {
            volatile unsigned long sink = 0;
            while (!token.stopRequested())
                sink = sink + 1;
            return;
        }
        }
    }

private:
    const Behaviour m_behaviour;
    Gate *const m_gate;
};

// A hosted service with a timer on its own thread; can throw from its start
// or its stop, or fail from a timer handler.
class TickingService : public HostedService
{
public:
    enum class Fault { None, InStart, InStop, FromHandler };

    explicit TickingService(QString name, Fault fault = Fault::None)
        : HostedService(std::move(name))
        , m_fault(fault)
    {}

    std::atomic<int> ticks = 0;
    std::atomic<QThread *> startThread = nullptr;
    std::atomic<QThread *> timerThread = nullptr;
    std::atomic<QThread *> stopThread = nullptr;

protected:
    void onStart(QObject &context) override
    {
        startThread = QThread::currentThread();
        m_runTicks = 0;
        if (m_fault == Fault::InStart)
            throw std::runtime_error("cannot open the port");
        auto *timer = new QTimer(&context);
        QObject::connect(timer, &QTimer::timeout, &context, [this] {
            timerThread = QThread::currentThread();
            addItemsDone();
            ++ticks;
            if (++m_runTicks == 3 && m_fault == Fault::FromHandler)
                fail(QStringLiteral("lost the connection"));
        });
        timer->start(1);
    }

    void onStop() override
    {
        stopThread = QThread::currentThread();
        if (m_fault == Fault::InStop)
            throw std::runtime_error("could not flush");
    }

private:
    const Fault m_fault;
    int m_runTicks = 0; // on the service's thread only
};

} // namespace workhost::test
