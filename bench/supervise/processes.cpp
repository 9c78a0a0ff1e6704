#include "processes.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace bench {

namespace {

std::atomic<bool> s_interrupted{false};
std::vector<pid_t> s_managers;

double ticksPerSecond()
{
    static const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    return ticks;
}

// A status line's value in kB ("VmHWM:    1234 kB"), as MB.
double statusMb(const QByteArray &status, const char *key)
{
    const int at = status.indexOf(key);
    if (at < 0)
        return 0;
    const int end = status.indexOf('\n', at);
    const QByteArray value =
        status.mid(at + int(std::strlen(key)), end - at - int(std::strlen(key)));
    return value.trimmed().split(' ').value(0).toDouble() / 1024.0;
}

// /proc/PID/stat's state letter and utime+stime (in ticks): fields 3, 14, 15,
// counted after the command's closing parenthesis (a command may hold spaces).
bool readStat(pid_t pid, char *state, long long *ticks)
{
    const QByteArray stat = readWholeFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    if (fields.size() < 13)
        return false;
    *state = fields[0].isEmpty() ? '?' : fields[0][0];
    *ticks = fields[11].toLongLong() + fields[12].toLongLong();
    return true;
}

} // namespace

void installInterruptHandler()
{
    struct sigaction action
    {};
    action.sa_handler = [](int) { s_interrupted = true; };
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGHUP, &action, nullptr);
}

bool interrupted()
{
    return s_interrupted;
}

double monotonicSeconds()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

void pause(double seconds)
{
    const double end = monotonicSeconds() + seconds;
    for (double left = seconds; left > 0; left = end - monotonicSeconds()) {
        if (s_interrupted)
            throw Interrupted{};
        const double step = std::min(left, 0.05);
        timespec wait{static_cast<time_t>(step),
                      static_cast<long>((step - double(time_t(step))) * 1e9)};
        ::nanosleep(&wait, nullptr);
    }
    if (s_interrupted)
        throw Interrupted{};
}

pid_t spawn(const QStringList &argv, const QStringList &environment, const QString &outputFile)
{
    std::vector<QByteArray> storage;
    for (const QString &each : argv)
        storage.push_back(each.toLocal8Bit());
    const size_t argc = storage.size();
    for (char **each = environ; *each; ++each) {
        const QByteArray entry(*each);
        const QByteArray key = entry.left(entry.indexOf('=') + 1);
        bool replaced = false;
        for (const QString &added : environment)
            replaced = replaced || added.toLocal8Bit().startsWith(key);
        if (!replaced)
            storage.push_back(entry);
    }
    for (const QString &added : environment)
        storage.push_back(added.toLocal8Bit());
    std::vector<char *> args, env;
    for (size_t i = 0; i < storage.size(); ++i)
        (i < argc ? args : env).push_back(storage[i].data());
    args.push_back(nullptr);
    env.push_back(nullptr);

    const QByteArray output =
        outputFile.isEmpty() ? QByteArray("/dev/null") : outputFile.toLocal8Bit();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, output.constData(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own group (the terminal's Ctrl+C reaches the bench only, which then
    // kills what it started), and the default signal dispositions and mask.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                              POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    if (::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), env.data()) != 0)
        pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return pid;
}

int run(const QStringList &argv, const QStringList &environment, double timeout, QByteArray *output)
{
    const QString outputFile = QDir::temp().filePath(
        QStringLiteral("bench_supervise-run-%1-%2").arg(::getpid()).arg(quintptr(&argv)));
    QFile::remove(outputFile);
    const pid_t pid = spawn(argv, environment, outputFile);
    int status = -1;
    const double end = monotonicSeconds() + timeout;
    bool done = pid > 0 && hasExited(pid, &status);
    while (pid > 0 && !done && monotonicSeconds() < end && !s_interrupted) {
        timespec step{0, 5000000};
        ::nanosleep(&step, nullptr);
        done = hasExited(pid, &status);
    }
    if (pid > 0 && !done) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
    if (output)
        *output = readWholeFile(outputFile);
    QFile::remove(outputFile);
    if (s_interrupted)
        throw Interrupted{};
    return done && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool hasExited(pid_t pid, int *status)
{
    int local = 0;
    const pid_t reaped = ::waitpid(pid, &local, WNOHANG);
    if (reaped == pid) {
        if (status)
            *status = local;
        return true;
    }
    if (reaped < 0 && errno == ECHILD) { // not ours: gone, or a zombie of another parent
        char state = 0;
        long long ticks = 0;
        return !readStat(pid, &state, &ticks) || state == 'Z' || state == 'X';
    }
    return false;
}

ProcessFigures figures(pid_t pid)
{
    ProcessFigures result;
    char state = 0;
    long long ticks = 0;
    if (readStat(pid, &state, &ticks))
        result.cpuSeconds = static_cast<double>(ticks) / ticksPerSecond();
    const QByteArray status = readWholeFile(QStringLiteral("/proc/%1/status").arg(pid));
    result.peakRssMb = statusMb(status, "VmHWM:");
    result.rssMb = statusMb(status, "VmRSS:");
    return result;
}

ProcessFigures figures(const std::vector<pid_t> &pids)
{
    ProcessFigures sum;
    for (const pid_t pid : pids) {
        const ProcessFigures each = figures(pid);
        sum.cpuSeconds += each.cpuSeconds;
        sum.peakRssMb += each.peakRssMb;
        sum.rssMb += each.rssMb;
    }
    return sum;
}

std::vector<pid_t> taggedChildren(const QByteArray &tag)
{
    std::vector<pid_t> found;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const pid_t pid = entry.toInt(&isPid);
        if (!isPid)
            continue;
        const QList<QByteArray> argv =
            readWholeFile(QStringLiteral("/proc/%1/cmdline").arg(pid)).split('\0');
        if (argv.size() < 2 || argv[1] != tag || !argv[0].endsWith("bench_child"))
            continue;
        char state = 0;
        long long ticks = 0;
        if (readStat(pid, &state, &ticks) && state != 'Z' && state != 'X')
            found.push_back(pid);
    }
    return found;
}

std::vector<pid_t> processesNaming(const QByteArray &text)
{
    std::vector<pid_t> found;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const pid_t pid = entry.toInt(&isPid);
        if (isPid && pid != ::getpid() &&
            readWholeFile(QStringLiteral("/proc/%1/cmdline").arg(pid)).contains(text) &&
            !hasExited(pid))
            found.push_back(pid);
    }
    return found;
}

int killTagged(const QByteArray &tag)
{
    int first = -1;
    for (int round = 0; round < 50; ++round) {
        const std::vector<pid_t> left = taggedChildren(tag);
        if (first < 0)
            first = int(left.size());
        if (left.empty())
            break;
        for (const pid_t pid : left)
            ::kill(pid, SIGKILL);
        timespec step{0, 20000000};
        ::nanosleep(&step, nullptr);
    }
    return first;
}

void rememberManager(pid_t pid)
{
    if (pid > 0)
        s_managers.push_back(pid);
}

std::vector<pid_t> managersAlive()
{
    std::vector<pid_t> alive;
    for (const pid_t pid : s_managers)
        if (!hasExited(pid))
            alive.push_back(pid);
    return alive;
}

QByteArray readWholeFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    // /proc files report size 0: read until the end.
    QByteArray data;
    char buffer[65536];
    for (qint64 got; (got = file.read(buffer, sizeof buffer)) > 0;)
        data.append(buffer, got);
    return data;
}

QString cpuModel()
{
    const QByteArray cpuinfo = readWholeFile("/proc/cpuinfo");
    const qsizetype model = cpuinfo.indexOf("model name");
    if (model < 0)
        return QStringLiteral("?");
    return QString::fromUtf8(cpuinfo.mid(model, cpuinfo.indexOf('\n', model) - model))
        .section(':', 1)
        .trimmed();
}

QString loadAverage()
{
    return QString::fromUtf8(readWholeFile("/proc/loadavg")).section(' ', 0, 2);
}

} // namespace bench
