#include <workhost/logging/logflusher.h>

namespace workhost {

LogFlusher::LogFlusher(std::chrono::milliseconds period, std::function<void()> tick)
    : m_period(period)
    , m_tick(std::move(tick))
    , m_thread([this] { run(); })
{}

LogFlusher::~LogFlusher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void LogFlusher::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, m_period, [this] { return m_stopping; })) {
        lock.unlock();
        try {
            m_tick();
        } catch (...) {
            // Nothing may leave this thread; the next tick tries again.
        }
        lock.lock();
    }
}

} // namespace workhost
