#pragma once

// What the kernel and the allocator say about this process's memory, for the
// chaos scenario's "no growth" check. Plain functions of the calling thread;
// Linux and glibc (or AddressSanitizer's allocator) only.

#include <QByteArray>
#include <QFile>
#include <QList>

#include <atomic>
#include <cstdio>
#include <cstring>

#include <malloc.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h> // __asan_print_accumulated_stats()

// From the sanitizer runtime (sanitizer/allocator_interface.h, which g++ does not ship).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
extern "C" void __sanitizer_purge_allocator();

namespace workhost::test::detail {
// The last "StackDepot: <ids> ids; <n>M allocated" line the runtime printed.
inline std::atomic<bool> capturingStats = false;
inline char stackDepotLine[256] = {};
} // namespace workhost::test::detail
#endif

namespace workhost::test {

// To be called with every text the sanitizer runtime prints, from its
// documented hook, which a test using sanitizerStackDepotBytes() defines
// (a strong definition, in the test's own file, so that it wins over the
// runtime's weak one however the runtime is linked):
//
//     extern "C" void __sanitizer_on_print(const char *text) { noteSanitizerPrint(text); }
inline void noteSanitizerPrint([[maybe_unused]] const char *text)
{
#if defined(__SANITIZE_ADDRESS__)
    using namespace detail;
    if (capturingStats.load() && std::strstr(text, "StackDepot:") != nullptr)
        std::snprintf(stackDepotLine, sizeof stackDepotLine, "%s", text);
#endif
}

// This process's resident set, in bytes (/proc/self/statm, second field),
// once the allocator has handed the memory it keeps free back to the system:
// what the program holds, not what its allocator happens to cache.
inline qint64 residentBytes()
{
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_purge_allocator();
#else
    ::malloc_trim(0);
#endif
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * ::sysconf(_SC_PAGESIZE) : -1;
}

// Bytes the program has allocated and not freed yet: the heap it really uses,
// apart from what the allocator keeps around (free lists, arenas, quarantine).
inline qint64 liveHeapBytes()
{
#if defined(__SANITIZE_ADDRESS__)
    return qint64(__sanitizer_get_current_allocated_bytes());
#else
    const struct mallinfo2 info = ::mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
#endif
}

// Resident bytes that AddressSanitizer keeps for itself and never frees: its
// stack depot, one copy of every distinct call stack that allocated or freed
// memory (reported in whole megabytes; 0 without AddressSanitizer). Under the
// chaos it never levels off (220k stacks, 17 MB, after the warm-up; 470k,
// 38 MB, 40 s later; nearly as many with 10 frames kept instead of 30): most
// likely the frame-pointer unwinder reading junk in Debian's Qt, which is
// built without frame pointers. It is not the program's memory, so the growth
// check leaves it out. Prints the runtime's statistics to stderr, where the
// size is read from (through noteSanitizerPrint(), above).
inline qint64 sanitizerStackDepotBytes()
{
#if defined(__SANITIZE_ADDRESS__)
    detail::stackDepotLine[0] = '\0';
    detail::capturingStats.store(true);
    __asan_print_accumulated_stats();
    detail::capturingStats.store(false);
    const char *allocated = std::strstr(detail::stackDepotLine, "ids; ");
    long long megabytes = 0;
    if (allocated == nullptr || std::sscanf(allocated, "ids; %lldM", &megabytes) != 1)
        return -1;
    return megabytes * 1024 * 1024;
#else
    return 0;
#endif
}

} // namespace workhost::test
