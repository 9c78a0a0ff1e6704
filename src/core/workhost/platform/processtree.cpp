#include <workhost/platform/processtree.h>

#include <workhost/platform/procfs.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace workhost {

namespace {

// Builds "/proc/..." paths in a fixed buffer.
class ProcPath
{
public:
    explicit ProcPath(pid_t pid) { append("/proc/").appendProcess(pid); }
    ProcPath &append(const char *text)
    {
        while (*text && m_length + 1 < sizeof m_text)
            m_text[m_length++] = *text++;
        m_text[m_length] = '\0';
        return *this;
    }
    ProcPath &appendProcess(pid_t pid) // 0: "self"
    {
        if (pid == 0)
            return append("self");
        char digits[16];
        int n = 0;
        for (auto value = static_cast<unsigned>(pid); value > 0; value /= 10)
            digits[n++] = static_cast<char>('0' + value % 10);
        char text[16];
        for (int i = 0; i < n; ++i)
            text[i] = digits[n - 1 - i];
        text[n] = '\0';
        return append(text);
    }
    const char *text() const { return m_text; }

private:
    char m_text[96] = {};
    size_t m_length = 0;
};

int openRead(const char *path, int extraFlags = 0)
{
    int fd;
    do
        fd = ::open(path, O_RDONLY | O_CLOEXEC | extraFlags);
    while (fd < 0 && errno == EINTR);
    return fd;
}

ssize_t readSome(int fd, char *buffer, size_t size)
{
    ssize_t n;
    do
        n = ::read(fd, buffer, size);
    while (n < 0 && errno == EINTR);
    return n;
}

// Appends the pids of a /proc/.../children file ("12 34 ") to out.
int readChildrenFile(const char *path, pid_t *out, int count, int room)
{
    const int fd = openRead(path);
    if (fd < 0)
        return count;
    char buffer[1024];
    pid_t number = 0;
    for (ssize_t n; (n = readSome(fd, buffer, sizeof buffer)) > 0;) {
        for (ssize_t i = 0; i < n; ++i) {
            if (buffer[i] >= '0' && buffer[i] <= '9') {
                number = number * 10 + (buffer[i] - '0');
            } else if (number > 0) {
                if (count < room)
                    out[count++] = number;
                number = 0;
            }
        }
    }
    if (number > 0 && count < room)
        out[count++] = number;
    ::close(fd);
    return count;
}

void pause(long nanoseconds)
{
    timespec wait{0, nanoseconds};
    while (::nanosleep(&wait, &wait) != 0 && errno == EINTR) {
    }
}

std::atomic_flag s_killing = ATOMIC_FLAG_INIT;
pid_t s_found[ProcessTree::capacity];
pid_t s_killed[ProcessTree::capacity];

} // namespace

int ProcessTree::childrenOf(pid_t parent, pid_t *out, int room)
{
    const int directory = openRead(ProcPath(parent).append("/task").text(), O_DIRECTORY);
    if (directory < 0)
        return 0;
    int count = 0;
    ProcFs::forEachNumber(directory, [&](pid_t task) {
        if (task <= 0) // 0 would read as "self" in a ProcPath
            return;
        ProcPath children(parent);
        children.append("/task/").appendProcess(task).append("/children");
        count = readChildrenFile(children.text(), out, count, room);
    });
    ::close(directory);
    return count;
}

int ProcessTree::descendants(pid_t *out, int room)
{
    int count = childrenOf(0, out, room);
    for (int i = 0; i < count && count < room; ++i)
        count += childrenOf(out[i], out + count, room - count);
    return count;
}

char ProcessTree::state(pid_t pid)
{
    return stat(pid).state;
}

ProcessTree::Stat ProcessTree::stat(pid_t pid)
{
    const int fd = openRead(ProcPath(pid).append("/stat").text());
    if (fd < 0)
        return {};
    char buffer[512];
    const ssize_t n = readSome(fd, buffer, sizeof buffer);
    ::close(fd);
    // "PID (COMM) S PPID PGRP ...": COMM may hold spaces and parentheses; the last ')' ends it.
    ssize_t i = n - 1;
    while (i >= 0 && buffer[i] != ')')
        --i;
    if (i < 0 || i + 2 >= n)
        return {};
    Stat result;
    result.state = buffer[i + 2];
    // The two fields after the state: the parent, then the group.
    int field = 0;
    for (i += 4; i < n && field < 2; ++i) {
        if (buffer[i] == ' ') {
            ++field;
            continue;
        }
        if (field == 1 && buffer[i] >= '0' && buffer[i] <= '9')
            result.group = result.group * 10 + (buffer[i] - '0');
    }
    return result;
}

bool ProcessTree::hasEnvironmentEntry(pid_t pid, const char *entry)
{
    return environmentMatches(pid, entry, true);
}

bool ProcessTree::hasEnvironmentPrefix(pid_t pid, const char *prefix)
{
    return environmentMatches(pid, prefix, false);
}

bool ProcessTree::environmentMatches(pid_t pid, const char *entry, bool whole)
{
    const int fd = openRead(ProcPath(pid).append("/environ").text());
    if (fd < 0)
        return false;
    const size_t length = std::strlen(entry);
    // Streaming match of "\0ENTRY\0" across reads: `matched` counts the bytes of
    // the entry matched since the last NUL, or is -1 inside an entry that differs.
    long matched = 0;
    bool found = false;
    char buffer[4096];
    for (ssize_t n; !found && (n = readSome(fd, buffer, sizeof buffer)) > 0;) {
        for (ssize_t i = 0; i < n; ++i) {
            if (!whole && matched == static_cast<long>(length)) {
                found = true;
                break;
            }
            if (buffer[i] == '\0') {
                if (matched == static_cast<long>(length)) {
                    found = true;
                    break;
                }
                matched = 0;
            } else if (matched >= 0 && static_cast<size_t>(matched) < length &&
                       buffer[i] == entry[matched]) {
                ++matched;
            } else {
                matched = -1;
            }
        }
    }
    ::close(fd);
    return found;
}

int ProcessTree::killAll(pid_t spare)
{
    if (s_killing.test_and_set())
        return -1;
    int killed = 0;
    // A SIGKILLed process is a zombie within microseconds; its children then
    // belong to the host and show in the next round.
    for (int round = 0; round < 1000; ++round) {
        const int found = descendants(s_found, capacity);
        int alive = 0;
        for (int i = 0; i < found; ++i) {
            const pid_t pid = s_found[i];
            const char state = ProcessTree::state(pid);
            if (pid == spare || state == 0 || state == 'Z' || state == 'X')
                continue;
            ++alive;
            ::kill(pid, SIGKILL);
            bool counted = false;
            for (int k = 0; k < killed && !counted; ++k)
                counted = s_killed[k] == pid;
            if (!counted && killed < capacity)
                s_killed[killed++] = pid;
        }
        if (alive == 0)
            break;
        pause(2'000'000);
    }
    s_killing.clear();
    return killed;
}

} // namespace workhost
