#include <workhost/hosting/detail/restartbackoff.h>

#include <algorithm>
#include <cmath>

namespace workhost {

std::optional<std::chrono::milliseconds> RestartBackoff::nextDelay(Clock::time_point now,
                                                                   std::chrono::milliseconds ranFor)
{
    while (!m_recentRestarts.empty() && now - m_recentRestarts.front() >= m_policy.intensityWindow)
        m_recentRestarts.pop_front();
    if (static_cast<int>(m_recentRestarts.size()) >= m_policy.maxRestarts)
        return std::nullopt;

    if (ranFor >= m_policy.resetAfter)
        m_consecutive = 0;

    const double scaled = static_cast<double>(m_policy.initialBackoff.count()) *
                          std::pow(m_policy.backoffFactor, m_consecutive);
    const double capped = std::min(scaled, static_cast<double>(m_policy.maxBackoff.count()));
    ++m_consecutive;
    m_recentRestarts.push_back(now);
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(capped));
}

void RestartBackoff::reset()
{
    m_consecutive = 0;
    m_recentRestarts.clear();
}

} // namespace workhost
