// bench_child: the programs bench_supervise runs under Workhost, supervisord and PM2.
// Plain POSIX (no Qt), so that its own start and output cost nothing the managers don't.
//
//   bench_child TAG flood ID N GOFILE DONEFILE
//       waits (polling every 0.2 ms) until GOFILE exists, prints N numbered lines of exactly
//       80 bytes as fast as the pipe takes them (in 4 KiB writes, as stdio would), appends "ID
//       GO_NS END_NS" (CLOCK_MONOTONIC) to DONEFILE and exits at once
//   bench_child TAG paced ID RATE
//       prints numbered 80-byte lines at RATE lines a second (a write every 10 ms) until
//       SIGTERM; exits 0 then
//   bench_child TAG idle [STAMPFILE]
//       appends "PID START_NS" to STAMPFILE if given, then waits; exits 0 on SIGTERM
//   bench_child TAG crash STAMPFILE
//       appends "PID START_NS" (CLOCK_MONOTONIC) to STAMPFILE, then waits like idle
//       (the bench SIGKILLs it)
// TAG is the bench run's marker: the bench finds (and, at the end, kills) its children by it.

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace {

long long monotonicNs()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

// One write with O_APPEND: lines from several children never interleave.
void appendLine(const char *path, const std::string &line)
{
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    (void)!::write(fd, line.data(), line.size());
    ::close(fd);
}

bool writeAll(const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(STDOUT_FILENO, data, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= static_cast<size_t>(written);
    }
    return true;
}

// "bench c007 n0000001234 ......|\n": 80 bytes; the reader checks the length and the '|'.
void formatLine(char *line, int id, long long seq)
{
    std::memset(line, '.', 80);
    const int head = std::snprintf(line, 80, "bench c%03d n%010lld ", id, seq);
    line[head] = '.'; // snprintf's terminator
    line[78] = '|';
    line[79] = '\n';
}

int flood(int id, long long count, const char *goFile, const char *doneFile)
{
    while (::access(goFile, F_OK) != 0)
        ::usleep(200);
    const long long go = monotonicNs();
    // Written as a C program's printf to a pipe is: glibc's 4 KiB stdout buffer, written
    // whenever full, so that lines straddle writes.
    static char buffer[4096];
    size_t used = 0;
    char line[80];
    for (long long seq = 0; seq < count; ++seq) {
        formatLine(line, id, seq);
        for (size_t copied = 0; copied < sizeof line;) {
            const size_t part = std::min(sizeof line - copied, sizeof buffer - used);
            std::memcpy(buffer + used, line + copied, part);
            used += part;
            copied += part;
            if (used == sizeof buffer) {
                if (!writeAll(buffer, used))
                    return 1;
                used = 0;
            }
        }
    }
    if (!writeAll(buffer, used))
        return 1;
    appendLine(doneFile, std::to_string(id) + ' ' + std::to_string(go) + ' ' +
                             std::to_string(monotonicNs()) + '\n');
    return 0;
}

volatile std::sig_atomic_t s_terminated = 0;

int paced(int id, long long rate)
{
    struct sigaction action
    {};
    action.sa_handler = [](int) { s_terminated = 1; };
    ::sigaction(SIGTERM, &action, nullptr);
    const long long tickNs = 10000000; // 100 writes a second
    timespec next{};
    clock_gettime(CLOCK_MONOTONIC, &next);
    std::string batch;
    char line[80];
    long long seq = 0;
    for (long long tick = 1; !s_terminated; ++tick) {
        batch.clear();
        for (const long long due = rate * tick / 100; seq < due; ++seq) {
            formatLine(line, id, seq);
            batch.append(line, sizeof line);
        }
        if (!writeAll(batch.data(), batch.size()))
            return 1;
        next.tv_nsec += tickNs;
        if (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            ++next.tv_sec;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr);
    }
    return 0;
}

int idle()
{
    // Blocked except inside sigsuspend: a TERM between the check and the wait is not lost.
    sigset_t blocked, waiting;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    ::sigprocmask(SIG_BLOCK, &blocked, &waiting);
    struct sigaction action
    {};
    action.sa_handler = [](int) { s_terminated = 1; };
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    sigdelset(&waiting, SIGTERM);
    sigdelset(&waiting, SIGINT);
    while (!s_terminated)
        ::sigsuspend(&waiting);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const std::string mode = argc > 2 ? argv[2] : "";
    if (mode == "flood" && argc == 7)
        return flood(std::atoi(argv[3]), std::atoll(argv[4]), argv[5], argv[6]);
    if (mode == "paced" && argc == 5)
        return paced(std::atoi(argv[3]), std::atoll(argv[4]));
    if (mode == "idle" && argc == 3)
        return idle();
    if ((mode == "idle" || mode == "crash") && argc == 4) {
        appendLine(argv[3],
                   std::to_string(::getpid()) + ' ' + std::to_string(monotonicNs()) + '\n');
        return idle();
    }
    std::fprintf(stderr,
                 "usage: bench_child TAG flood ID N GOFILE DONEFILE | TAG paced ID RATE | TAG idle "
                 "[STAMPFILE] "
                 "| TAG crash STAMPFILE\n");
    return 2;
}
