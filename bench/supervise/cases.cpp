#include "cases.h"

#include "floodlines.h"
#include "processes.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <csignal>
#include <sys/resource.h>

namespace bench {

namespace {

// Lines of "A B ..." numbers appended by bench_child, as rows of numbers.
std::vector<std::vector<long long>> readStamps(const QString &path)
{
    std::vector<std::vector<long long>> rows;
    for (const QByteArray &line : readWholeFile(path).split('\n')) {
        if (line.isEmpty())
            continue;
        std::vector<long long> row;
        for (const QByteArray &field : line.split(' '))
            row.push_back(field.toLongLong());
        rows.push_back(row);
    }
    return rows;
}

// Waits (bounded) until `done` holds, polling every `step` seconds.
bool waitFor(const std::function<bool()> &done, double timeout, double step = 0.002)
{
    const double end = monotonicSeconds() + timeout;
    while (!done()) {
        if (monotonicSeconds() > end)
            return false;
        pause(step);
    }
    return true;
}

// Stops the manager, kills what is left, sweeps the tag: whatever happened before.
void finish(Manager &manager, const CaseContext &context, double stopTimeout = 30)
{
    manager.terminate();
    waitFor([&] { return manager.hasExited(); }, stopTimeout, 0.01);
    manager.kill();
    killTagged(context.tag);
}

Measurement begin(const Manager &manager, const CaseContext &context, const QString &caseName)
{
    Measurement m;
    m.tool = manager.tool();
    m.caseName = caseName;
    m.rep = context.rep;
    return m;
}

int threadCount(pid_t pid)
{
    return int(QDir(QStringLiteral("/proc/%1/task").arg(pid))
                   .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                   .size());
}

int descriptorCount(pid_t pid)
{
    return int(
        QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::Files | QDir::System).size());
}

constexpr double quietSeconds = 2.5;

double ownCpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

Measurement measureCapture(Manager &manager, const CaseContext &context, int children,
                           long long perChild)
{
    Measurement m =
        begin(manager, context, QStringLiteral("capture %1x%2").arg(children).arg(perChild));
    const QString run =
        QDir(context.workDir)
            .filePath(QStringLiteral("capture-%1-%2").arg(manager.tool()).arg(context.rep));
    const QString goFile = run + ".go", doneFile = run + ".done";
    QFile::remove(goFile);
    QFile::remove(doneFile);
    std::vector<Program> programs;
    for (int child = 0; child < children; ++child)
        programs.push_back(
            {floodProgramName(child),
             {"flood", QString::number(child), QString::number(perChild), goFile, doneFile},
             false});
    try {
        if (!manager.start(programs)) {
            m.status = manager.error();
            finish(manager, context);
            return m;
        }
        // Every child up and waiting for the go file: the manager's start is not measured.
        if (!waitFor([&] { return int(taggedChildren(context.tag).size()) == children; }, 60,
                     0.05)) {
            m.status = "timeout: the children did not all start";
            finish(manager, context);
            return m;
        }
        pause(0.5);
        const std::vector<pid_t> managers = manager.managerPids();
        const ProcessFigures before = figures(managers);
        FinalLineWatch watch(manager.logFiles(programs), children, perChild);
        const double benchCpuBefore = ownCpuSeconds();
        const double go = monotonicSeconds();
        QFile(goFile).open(QIODevice::WriteOnly);
        const double timeout = std::max(60.0, double(children * perChild) / 20000.0);
        // Done when every last line is in, or (for a manager that lost some) when every
        // program has ended and the logs have not grown for longer than Workhost's 1 s flush.
        bool allIn = false;
        const bool ended = waitFor(
            [&] {
                allIn = watch.allSeen();
                return allIn || (int(readStamps(doneFile).size()) == children &&
                                 monotonicSeconds() - watch.lastGrowth() > quietSeconds);
            },
            timeout);
        const double done = allIn ? monotonicSeconds() : watch.lastGrowth();
        const ProcessFigures after = figures(managers);
        const double benchCpu = ownCpuSeconds() - benchCpuBefore;
        // A child appends its end after its last write returned: the log may have it first.
        waitFor([&] { return int(readStamps(doneFile).size()) == children; }, 5, 0.01);
        double childEnd = go;
        for (const auto &row : readStamps(doneFile))
            if (row.size() == 3)
                childEnd = std::max(childEnd, double(row[2]) / 1e9);
        finish(manager, context);
        if (!ended)
            m.status = QStringLiteral("timeout: last lines not in the log after %1 s").arg(timeout);
        const double lines = double(children) * double(perChild);
        const LineCounts counts = countLines(manager, programs, children, perChild);
        m.set("lines", lines);
        m.set("seconds", done - go);
        // Lines kept per second: a manager that loses lines is not credited for them.
        m.set("lines_per_s", double(counts.kept) / (done - go));
        m.set("complete", allIn ? 1 : 0);
        m.set("child_seconds", childEnd - go);
        m.set("manager_cpu_s", after.cpuSeconds - before.cpuSeconds);
        m.set("cpu_us_per_line", (after.cpuSeconds - before.cpuSeconds) / lines * 1e6);
        m.set("peak_rss_mb", after.peakRssMb);
        m.set("bench_cpu_s", benchCpu); // the bench's own following of the logs, beside the manager
        m.set("lost", double(counts.lost));
        m.set("reordered", double(counts.reordered));
        m.set("cut", double(counts.cut));
        m.set("duplicated", double(counts.duplicated));
        m.set("misattributed", double(counts.misattributed));
    } catch (...) {
        finish(manager, context, 5);
        throw;
    }
    return m;
}

Measurement measureCrash(Manager &manager, const CaseContext &context)
{
    Measurement m = begin(manager, context, QStringLiteral("crash-to-restart"));
    const QString stampFile =
        QDir(context.workDir)
            .filePath(QStringLiteral("crash-%1-%2").arg(manager.tool()).arg(context.rep));
    QFile::remove(stampFile);
    try {
        if (!manager.start({{"crasher", {"crash", stampFile}, true}})) {
            m.status = manager.error();
            finish(manager, context);
            return m;
        }
        if (!waitFor([&] { return readStamps(stampFile).size() >= 1; }, 30, 0.01)) {
            m.status = "timeout: the program did not start";
            finish(manager, context);
            return m;
        }
        pause(1.5); // past supervisord's startsecs and PM2's min_uptime (1 s): a crash, not a
                    // failed start
        const pid_t first = pid_t(readStamps(stampFile)[0][0]);
        const double killed = monotonicSeconds();
        ::kill(first, SIGKILL);
        const bool restarted =
            waitFor([&] { return readStamps(stampFile).size() >= 2; }, 30, 0.0005);
        const auto stamps = readStamps(stampFile);
        finish(manager, context);
        if (!restarted) {
            m.status = "timeout: not restarted within 30 s";
            return m;
        }
        m.set("restart_ms", (double(stamps[1][1]) / 1e9 - killed) * 1000.0);
    } catch (...) {
        finish(manager, context, 5);
        throw;
    }
    return m;
}

Measurement measureScale(Manager &manager, const CaseContext &context, int count,
                         double idleSeconds)
{
    Measurement m = begin(manager, context, QStringLiteral("idle %1").arg(count));
    const QString stampFile =
        QDir(context.workDir)
            .filePath(
                QStringLiteral("idle-%1-%2-%3").arg(manager.tool()).arg(count).arg(context.rep));
    QFile::remove(stampFile);
    std::vector<Program> programs;
    for (int i = 0; i < count; ++i)
        programs.push_back(
            {QStringLiteral("idle%1").arg(i, 4, 10, QLatin1Char('0')), {"idle", stampFile}, true});
    try {
        const double launched = monotonicSeconds();
        if (!manager.start(programs)) {
            m.status = manager.error();
            finish(manager, context);
            return m;
        }
        const double startTimeout = count >= 500 ? 120 : 60;
        size_t up = 0;
        const bool allUp =
            waitFor([&] { return (up = readStamps(stampFile).size()) >= size_t(count); },
                    startTimeout, 0.02);
        long long lastStart = 0;
        for (const auto &row : readStamps(stampFile))
            lastStart = std::max(lastStart, row.size() == 2 ? row[1] : 0);
        m.set("started", double(up));
        if (!allUp) {
            m.status = QStringLiteral("timeout: %1 of %2 up after %3 s")
                           .arg(up)
                           .arg(count)
                           .arg(startTimeout);
            finish(manager, context, 60);
            return m;
        }
        m.set("start_s", double(lastStart) / 1e9 - launched);
        pause(1.0);
        const std::vector<pid_t> managers = manager.managerPids();
        const ProcessFigures before = figures(managers);
        pause(idleSeconds);
        const ProcessFigures after = figures(managers);
        m.set("idle_cpu_pct", (after.cpuSeconds - before.cpuSeconds) / idleSeconds * 100.0);
        m.set("rss_mb", after.rssMb);
        m.set("peak_rss_mb", after.peakRssMb);
        m.set("threads", threadCount(managers.front()));
        m.set("fds", descriptorCount(managers.front()));

        const double stopping = monotonicSeconds();
        manager.terminate();
        const bool stopped = waitFor(
            [&] { return manager.hasExited() && taggedChildren(context.tag).empty(); }, 60, 0.005);
        const double stop = monotonicSeconds() - stopping;
        if (stopped)
            m.set("stop_s", stop);
        else
            m.status =
                QStringLiteral("timeout: not stopped after 60 s (manager %1, %2 children left)")
                    .arg(manager.hasExited() ? "gone" : "running")
                    .arg(taggedChildren(context.tag).size());
        finish(manager, context);
    } catch (...) {
        finish(manager, context, 5);
        throw;
    }
    return m;
}

} // namespace bench
