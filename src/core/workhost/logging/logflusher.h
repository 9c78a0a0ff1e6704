#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace workhost {

// A thread that calls `tick` every `period` until it is destroyed: the
// LogPipeline's once-a-second flush, file check and report of what its sinks
// noticed. It replaces spdlog::details::periodic_worker, which is not spdlog's
// public API and lets an exception from its callback escape the thread (that
// is std::terminate, with the throwing sink's lock possibly held).
//
// Owner: the LogPipeline. `tick` runs on the flusher's own thread; an
// exception from it is caught and dropped here, so nothing can escape.
// The destructor wakes the thread, waits for a tick under way to end, and
// joins it: no tick runs after it returns.
class LogFlusher
{
public:
    LogFlusher(std::chrono::milliseconds period, std::function<void()> tick);
    ~LogFlusher();
    LogFlusher(const LogFlusher &) = delete;
    LogFlusher &operator=(const LogFlusher &) = delete;

private:
    void run();

    const std::chrono::milliseconds m_period;
    const std::function<void()> m_tick;
    std::mutex m_mutex; // guards m_stopping
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread; // last: starts once the fields above exist
};

} // namespace workhost
