#include <workhost/platform/threadcpuclock.h>

#include <pthread.h>
#include <time.h>

#include <type_traits>

namespace workhost {

static_assert(std::is_integral_v<clockid_t> && sizeof(clockid_t) <= sizeof(std::intptr_t),
              "a clockid_t must fit the clock's integer handle");

ThreadCpuClock ThreadCpuClock::forCurrentThread()
{
    ThreadCpuClock clock;
    clockid_t id{};
    if (pthread_getcpuclockid(pthread_self(), &id) == 0)
        clock.m_handle = static_cast<std::intptr_t>(id);
    return clock;
}

std::optional<std::chrono::nanoseconds> ThreadCpuClock::read() const
{
    // Without the thread's own clock there is nothing to read: clockid 0 is
    // CLOCK_REALTIME, which would report the time since 1970 as CPU time.
    timespec now{};
    if (!m_handle || clock_gettime(static_cast<clockid_t>(*m_handle), &now) != 0)
        return std::nullopt;
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

} // namespace workhost
