#pragma once

#include <QHash>
#include <QtGlobal>

#include <chrono>
#include <optional>

namespace workhost {

// The resident memory of the host's worker programs, as "status" reports it,
// read at most once per `maxAge` for each process (as top refreshes its
// table), so that a client polling "status" in a loop costs the host one
// /proc read per program per second rather than one per request: with 256
// programs those reads were half of what a "status" request cost the host.
//
//   ProcessMemoryCache memory;               // maxAge 1 s
//   if (const auto bytes = memory.residentBytes(pid)) ...
//
// A figure is at most `maxAge` old; a process that ended within that time
// keeps its last figure until then. A pid reused by another process within
// `maxAge` shows the old one's figure until the next read.
//
// Owner: HostControl (a value member), on the host's thread; not thread-safe.
class ProcessMemoryCache
{
public:
    explicit ProcessMemoryCache(std::chrono::milliseconds maxAge = std::chrono::seconds(1));

    // The resident set size of `pid` (residentBytes() in statusdetails.h),
    // read again when the last read is older than maxAge; none when the
    // process cannot be read.
    std::optional<qint64> residentBytes(qint64 pid);

    qsizetype size() const { return m_samples.size(); } // processes remembered

private:
    using Clock = std::chrono::steady_clock;
    struct Sample
    {
        std::optional<qint64> bytes;
        Clock::time_point readAt;
    };

    void forgetOld(Clock::time_point now);

    const std::chrono::milliseconds m_maxAge;
    QHash<qint64, Sample> m_samples;
    Clock::time_point m_lastSweep;
};

} // namespace workhost
