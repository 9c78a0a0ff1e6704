#include <workhost/hosting/stoptoken.h>

namespace workhost {

bool StopToken::sleepFor(std::chrono::nanoseconds duration) const
{
    // A private mutex and condition: std::condition_variable_any registers a
    // stop callback on the token that wakes this wait as soon as stop is requested.
    std::mutex mutex;
    std::condition_variable_any condition;
    std::unique_lock lock(mutex);
    condition.wait_for(lock, m_token, duration, [] { return false; });
    return !m_token.stop_requested();
}

} // namespace workhost
