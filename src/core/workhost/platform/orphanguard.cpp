#include <workhost/platform/orphanguard.h>

#include <workhost/platform/processgroupregistry.h>
#include <workhost/platform/processtree.h>
#include <workhost/platform/procfs.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace workhost {

namespace {

std::atomic<pid_t> s_pid{-1};

// "WORKHOST_RUN=<host pid>:"
void markerPrefix(char *out, pid_t host)
{
    const char *name = "WORKHOST_RUN=";
    while (*name)
        *out++ = *name++;
    char digits[16];
    int n = 0;
    for (auto value = static_cast<unsigned>(host); value > 0; value /= 10)
        digits[n++] = static_cast<char>('0' + value % 10);
    while (n > 0)
        *out++ = digits[--n];
    *out++ = ':';
    *out = '\0';
}

// SIGKILLs every process whose environment has an entry starting with
// `prefix`; how many were alive.
int killMarked(const char *prefix)
{
    const int directory = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0)
        return 0;
    int alive = 0;
    ProcFs::forEachNumber(directory, [&](pid_t pid) {
        if (pid <= 1 || pid == ::getpid())
            return;
        const char state = ProcessTree::state(pid);
        if (state == 0 || state == 'Z' || state == 'X')
            return;
        if (ProcessTree::hasEnvironmentPrefix(pid, prefix)) {
            ::kill(pid, SIGKILL);
            ++alive;
        }
    });
    ::close(directory);
    return alive;
}

[[noreturn]] void guard(int hostGone, pid_t host)
{
    ::prctl(PR_SET_NAME, "workhost-guard");
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    for (const int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGUSR1, SIGUSR2, SIGTSTP})
        ::sigaction(signal, &ignore, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // Hold none of the host's descriptors: not its pipes to a terminal or a
    // test, not its log file.
    const int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3 && null >= 0; ++fd)
        ::dup2(null, fd);
    ::dup2(hostGone, 3);
    ::close_range(4, ~0U, 0);

    for (char byte;;) { // until end of file: every copy of the write end is closed
        const ssize_t n = ::read(3, &byte, 1);
        if (n == 0 || (n < 0 && errno != EINTR))
            break;
    }
    // The host is gone: its groups first (one signal each), then whatever
    // carries its marker, until nothing does.
    ProcessGroupRegistry::signalAll(SIGKILL);
    char prefix[64];
    markerPrefix(prefix, host);
    for (int round = 0; round < 500 && killMarked(prefix) > 0; ++round) {
        timespec wait{0, 5'000'000};
        ::nanosleep(&wait, nullptr);
    }
    ::_exit(0);
}

} // namespace

pid_t OrphanGuard::start()
{
    int hostAlive[2];
    if (::pipe2(hostAlive, O_CLOEXEC) != 0)
        return -1;
    const pid_t host = ::getpid();
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(hostAlive[1]);
        guard(hostAlive[0], host);
    }
    ::close(hostAlive[0]);
    if (child < 0) {
        ::close(hostAlive[1]);
        return -1;
    }
    // hostAlive[1] stays open, unread, for the host's whole life: its end is
    // the guard's signal.
    s_pid.store(child);
    return child;
}

pid_t OrphanGuard::pid()
{
    return s_pid.load();
}

} // namespace workhost
