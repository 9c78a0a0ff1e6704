#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace workhost {

// Cooperative cancellation handed to a service's code: a thin value type over
// C++20's std::stop_token, with waits that return at once when stop is requested,
// so that no service delays shutdown by its sleep interval.
//
// Copyable and cheap; safe to use from any thread.
//
//     while (token.sleepFor(5s)) { doOneRound(); }   // ends as soon as stop is requested
class StopToken
{
public:
    StopToken() = default; // a token that is never stopped
    explicit StopToken(std::stop_token token)
        : m_token(std::move(token))
    {}

    bool stopRequested() const noexcept { return m_token.stop_requested(); }

    // Sleeps for `duration`, or less if stop is requested.
    // Returns true if it slept the whole time, false if stop was requested.
    bool sleepFor(std::chrono::nanoseconds duration) const;

    // Waits on `condition` until `ready()` holds or stop is requested.
    // Returns ready(); `lock` must hold the mutex that guards what ready() reads.
    template <typename Predicate>
    bool wait(std::unique_lock<std::mutex> &lock, std::condition_variable_any &condition,
              Predicate ready) const
    {
        return condition.wait(lock, m_token, std::move(ready));
    }

    // As wait(), giving up after `timeout`.
    template <typename Predicate>
    bool waitFor(std::unique_lock<std::mutex> &lock, std::condition_variable_any &condition,
                 std::chrono::nanoseconds timeout, Predicate ready) const
    {
        return condition.wait_for(lock, m_token, timeout, std::move(ready));
    }

    std::stop_token native() const { return m_token; }

private:
    std::stop_token m_token;
};

} // namespace workhost
