#include <workhost/platform/descriptorlimit.h>

#include <workhost/platform/procfs.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
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

// The size of this process's descriptor table ("FDSize" in /proc/self/status),
// which no open descriptor's number reaches: a bound on how many are open, in
// one short read. -1 when it cannot be read.
long tableSize()
{
    const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char text[4096];
    const ssize_t n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    const char *field = std::strstr(text, "\nFDSize:");
    if (!field)
        return -1;
    char *end = nullptr;
    const long size = std::strtol(field + 8, &end, 10);
    return end == field + 8 ? -1 : size;
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
    // Counting costs one lookup per open descriptor (each run holds a few, so
    // starting n runs was quadratic): the table's size answers first, far
    // from the limit.
    if (const long bound = tableSize();
        bound >= 0 && static_cast<rlim_t>(bound) + static_cast<rlim_t>(needed) <= limit)
        return std::nullopt;
    const int open = openCount();
    if (open < 0 || static_cast<rlim_t>(open) + static_cast<rlim_t>(needed) <= limit)
        return std::nullopt;
    return QStringLiteral("too many open files: %1 of the limit %2 in use").arg(open).arg(limit);
}

} // namespace workhost
