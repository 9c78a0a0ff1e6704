#pragma once

#include <workhost/hosting/serviceoptions.h>

#include <chrono>
#include <deque>
#include <optional>

namespace workhost {

// The arithmetic of a RestartPolicy, apart from any timer, so that it can be
// tested exactly: the delay before each automatic restart grows by the backoff
// factor up to the maximum, resets after a healthy run, and the intensity
// limit turns one restart too many into "give up". The n-th restart in a
// row (from 0) waits initialBackoff * backoffFactor^n, at most maxBackoff; so
// an initialBackoff of 0 restarts at once every time.
//
// A value type, used on the host's thread only.
class RestartBackoff
{
public:
    using Clock = std::chrono::steady_clock;

    explicit RestartBackoff(RestartPolicy policy = {})
        : m_policy(policy)
    {}

    // A run that lasted `ranFor` ended and wants a restart at `now`.
    // Returns the delay to wait, or nothing when the intensity limit is reached.
    std::optional<std::chrono::milliseconds> nextDelay(Clock::time_point now,
                                                       std::chrono::milliseconds ranFor);

    // A manual start: forget the history (it also revives a service that gave up).
    void reset();

    int consecutiveRestarts() const { return m_consecutive; }
    const RestartPolicy &policy() const { return m_policy; }
    void setPolicy(const RestartPolicy &policy) { m_policy = policy; }

private:
    RestartPolicy m_policy;
    int m_consecutive = 0;
    std::deque<Clock::time_point> m_recentRestarts; // within the intensity window
};

} // namespace workhost
