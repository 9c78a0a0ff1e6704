#include <workhost/control/processmemorycache.h>

#include <workhost/control/statusdetails.h>

namespace workhost {

ProcessMemoryCache::ProcessMemoryCache(std::chrono::milliseconds maxAge)
    : m_maxAge(maxAge)
    , m_lastSweep(Clock::now())
{}

std::optional<qint64> ProcessMemoryCache::residentBytes(qint64 pid)
{
    const Clock::time_point now = Clock::now();
    forgetOld(now);
    const auto found = m_samples.constFind(pid);
    if (found != m_samples.cend() && now - found->readAt < m_maxAge)
        return found->bytes;
    const std::optional<qint64> bytes = workhost::residentBytes(pid);
    m_samples.insert(pid, Sample{bytes, now});
    return bytes;
}

// Programs come and go (restarts get new pids): what nobody asked about for
// ten ages goes, swept at most once an age, so the table stays the size of
// the programs that run.
void ProcessMemoryCache::forgetOld(Clock::time_point now)
{
    if (now - m_lastSweep < m_maxAge)
        return;
    m_lastSweep = now;
    m_samples.removeIf(
        [&](const auto &entry) { return now - entry.value().readAt > 10 * m_maxAge; });
}

} // namespace workhost
