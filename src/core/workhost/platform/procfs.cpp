#include <workhost/platform/procfs.h>

#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

namespace workhost {

namespace {

// The kernel's linux_dirent64: glibc declares no type for getdents64's records.
struct LinuxDirent64
{
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[1];
};

// -1 for a name that is not a decimal number, so that "0" (stdin's
// descriptor) still counts.
int parseNumber(const char *text)
{
    if (*text == '\0')
        return -1;
    int value = 0;
    for (; *text; ++text) {
        if (*text < '0' || *text > '9')
            return -1;
        value = value * 10 + (*text - '0');
    }
    return value;
}

} // namespace

void ProcFs::forEachNumber(int directory, Visitor visit, void *context)
{
    alignas(8) char entries[4096];
    for (long n; (n = ::syscall(SYS_getdents64, directory, entries, sizeof entries)) > 0;) {
        for (long offset = 0; offset < n;) {
            const auto *entry = reinterpret_cast<const LinuxDirent64 *>(entries + offset);
            offset += entry->d_reclen;
            if (const int number = parseNumber(entry->d_name); number >= 0)
                visit(number, context);
        }
    }
}

} // namespace workhost
