#pragma once

// Process helpers for bench_supervise: spawning managers and commands, and
// reading /proc. Plain functions on the bench's one thread; every wait is
// bounded and gives up early (throwing Interrupted) once SIGINT/SIGTERM reached
// the bench, so that main() still kills everything it started.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <sys/types.h>
#include <vector>

namespace bench {

struct Interrupted
{};

// Set by the bench's SIGINT/SIGTERM handler.
void installInterruptHandler();
bool interrupted();

double monotonicSeconds();
// Sleeps, in steps, throwing Interrupted when the bench was interrupted.
void pause(double seconds);

// Starts argv[0] (with its PATH) in its own process group, with `environment`
// added to the bench's, stdin from /dev/null and stdout+stderr into
// `outputFile` (/dev/null when empty). Returns its pid, or -1.
pid_t spawn(const QStringList &argv, const QStringList &environment, const QString &outputFile);

// Runs a command to its end (at most `timeout` seconds, then SIGKILL); returns
// its exit status (-1 on timeout or failure), its output in `output`.
int run(const QStringList &argv, const QStringList &environment, double timeout,
        QByteArray *output = nullptr);

// True once `pid` is gone: a child of ours is reaped (its status in `status`),
// any other process is gone or a zombie.
bool hasExited(pid_t pid, int *status = nullptr);

struct ProcessFigures
{
    double cpuSeconds = 0; // utime + stime
    double peakRssMb = 0;  // VmHWM
    double rssMb = 0;      // VmRSS
};
ProcessFigures figures(pid_t pid);
ProcessFigures figures(const std::vector<pid_t> &pids); // summed

// Processes (not zombies) running bench_child with this run's tag as argv[1].
std::vector<pid_t> taggedChildren(const QByteArray &tag);
// Processes whose command line holds `text` (PM2's daemon names its PM2_HOME in it).
std::vector<pid_t> processesNaming(const QByteArray &text);

// SIGKILLs them (repeated until none is left, bounded); returns how many there were.
int killTagged(const QByteArray &tag);

// Every manager process the bench started (or that a manager's CLI daemonized),
// so that the end of the run can say that none is left.
void rememberManager(pid_t pid);
std::vector<pid_t> managersAlive();

QByteArray readWholeFile(const QString &path);

// For a bench's heading: the CPU's model name, and /proc/loadavg's three figures.
QString cpuModel();
QString loadAverage();

} // namespace bench
