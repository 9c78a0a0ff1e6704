#include "core/processes/descriptorlimit.h"

#include "core/processes/procfs.h"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace workhost {

namespace {

std::atomic<rlim_t> s_original{RLIM_INFINITY}; // RLIM_INFINITY: never raised

rlim_t currentSoftLimit()
{
    rlimit limit{};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? limit.rlim_cur : RLIM_INFINITY;
}

} // namespace

DescriptorLimit::Change DescriptorLimit::raiseSoftLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return {};
    const Change change{limit.rlim_cur, limit.rlim_max};
    s_original.store(limit.rlim_cur);
    if (limit.rlim_cur == limit.rlim_max)
        return change;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return {change.from, change.from};
    return change;
}

rlim_t DescriptorLimit::originalSoftLimit()
{
    return s_original.load();
}

int DescriptorLimit::openCount()
{
    const int directory = ::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0)
        return errno == EMFILE ? static_cast<int>(currentSoftLimit()) : -1;
    int count = 0;
    ProcFs::forEachNumber(directory, [&](int) { ++count; });
    ::close(directory);
    return count - 1; // not the one that read them
}

std::optional<QString> DescriptorLimit::shortage(int needed)
{
    const rlim_t limit = currentSoftLimit();
    if (limit == RLIM_INFINITY)
        return std::nullopt;
    const int open = openCount();
    if (open < 0 || static_cast<rlim_t>(open) + static_cast<rlim_t>(needed) <= limit)
        return std::nullopt;
    return QStringLiteral("too many open files: %1 of the limit %2 in use").arg(open).arg(limit);
}

} // namespace workhost
