#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace workhost {

// The CPU time one thread has used, read from any thread: what a service's
// status reports as cpuTime.
// Linux: the thread's POSIX CPU clock (pthread_getcpuclockid(), read with
// clock_gettime()); a port replaces the .cpp (another system keeps another
// handle in the same integer).
//
// A value type. Take it on the thread to measure (forCurrentThread()), read
// it from any thread while that thread exists: a clock read after its thread
// has been joined may name another thread's clock, or none.
class ThreadCpuClock
{
public:
    // The calling thread's clock; one that reads nothing when the system has
    // none for it.
    static ThreadCpuClock forCurrentThread();

    // The CPU time used so far; nothing when there is no clock, never a guess
    // (any other clock would report wall-clock time as CPU time).
    std::optional<std::chrono::nanoseconds> read() const;

private:
    std::optional<std::intptr_t> m_handle; // Linux: a clockid_t
};

} // namespace workhost
