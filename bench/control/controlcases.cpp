#include "controlcases.h"

#include "../supervise/processes.h"
#include "../supervise/supervisordmanager.h"
#include "../supervise/workhostmanager.h"
#include "controlprobe.h"
#include "logfollower.h"
#include "samples.h"

#include <workhost/control/runtimedirectory.h>

#include <QCborArray>
#include <QCborMap>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <csignal>
#include <memory>
#include <sys/wait.h>

namespace bench {

namespace {

using workhost::ControlReply;

QString socketOf(const WorkhostManager &manager)
{
    return workhost::RuntimeDirectory::prepare(manager.runtimeDirectory())
        .socketPath(manager.configPath());
}

// The host listens once it has started: try until it answers.
bool connectWhenUp(ControlProbe &probe, const QString &socket, double timeout)
{
    const double end = monotonicSeconds() + timeout;
    while (monotonicSeconds() < end) {
        if (probe.connectTo(socket, 5))
            return true;
        pause(0.05);
    }
    return false;
}

int runningIn(const ControlReply &reply)
{
    int running = 0;
    for (const QCborValue &service :
         reply.result.toMap().value(QStringLiteral("services")).toArray())
        running += service.toMap().value(QStringLiteral("state")).toString() == "running";
    return running;
}

bool waitAllRunning(ControlProbe &probe, int count, double timeout)
{
    const double end = monotonicSeconds() + timeout;
    while (monotonicSeconds() < end) {
        const auto reply = probe.call(QStringLiteral("status"), {}, 10);
        if (reply && !reply->isError() && runningIn(*reply) == count)
            return true;
        pause(0.1);
    }
    return false;
}

struct TimedRun
{
    int status = -1; // the exit status; -1: killed after the timeout, or not started
    double seconds = 0;
    QByteArray output;
};

// run() polls every 5 ms; a ctl command takes a few: this one waits in 0.1 ms steps.
TimedRun timedRun(const QStringList &argv, double timeout)
{
    const QString outputFile =
        QDir::temp().filePath(QStringLiteral("bench_control-run-%1").arg(::getpid()));
    QFile::remove(outputFile);
    TimedRun result;
    const double start = monotonicSeconds();
    const pid_t pid = spawn(argv, {}, outputFile);
    int status = 0;
    bool done = false;
    while (pid > 0 && !(done = hasExited(pid, &status)) && monotonicSeconds() - start < timeout) {
        timespec step{0, 100000};
        ::nanosleep(&step, nullptr);
    }
    result.seconds = monotonicSeconds() - start;
    if (pid > 0 && !done) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
    if (done && WIFEXITED(status))
        result.status = WEXITSTATUS(status);
    result.output = readWholeFile(outputFile);
    QFile::remove(outputFile);
    return result;
}

std::vector<Program> idlePrograms(int count)
{
    std::vector<Program> programs;
    for (int i = 0; i < count; ++i)
        programs.push_back(
            {QStringLiteral("w%1").arg(i, 3, 10, QLatin1Char('0')), {"idle"}, false});
    return programs;
}

// Lines that hold `word` (lower case), in any case: "RUNNING", "running", "Running".
int linesSaying(const QByteArray &output, const QByteArray &word)
{
    int count = 0;
    for (const QByteArray &line : output.split('\n'))
        count += line.toLower().contains(word);
    return count;
}

bool waitSupervisorRunning(const QString &supervisorctl, const QString &conf, int count)
{
    const double end = monotonicSeconds() + 600; // supervisord starts a few programs a second
    while (monotonicSeconds() < end) {
        const TimedRun status = timedRun({supervisorctl, "-c", conf, "status"}, 30);
        if (linesSaying(status.output, "running") == count)
            return true;
        pause(0.5);
    }
    return false;
}

Measurement row(const QString &tool, const QString &caseName, int rep,
                const QString &status = QStringLiteral("ok"))
{
    Measurement m;
    m.bench = QStringLiteral("control");
    m.tool = tool;
    m.caseName = caseName;
    m.rep = rep;
    m.status = status;
    return m;
}

Measurement failed(const QString &tool, const QString &caseName, int rep, const QString &why)
{
    return row(tool, caseName, rep, why);
}

} // namespace

namespace {

// Stops the managers and sweeps the run's children, whatever happened.
void finish(Manager &manager, const QByteArray &tag)
{
    manager.terminate();
    const double end = monotonicSeconds() + 60;
    while (!manager.hasExited() && monotonicSeconds() < end)
        pause(0.05);
    manager.kill();
    killTagged(tag);
}

struct SupervisorSide
{
    std::unique_ptr<SupervisordManager> manager;
    QString supervisorctl;
    QString error;
};

SupervisorSide startSupervisor(const ControlBenchSetup &setup, const std::vector<Program> &programs)
{
    SupervisorSide side;
    if (setup.supervisord.isEmpty())
        return side;
    side.manager = std::make_unique<SupervisordManager>(setup.supervisord, setup.child, setup.tag);
    side.supervisorctl = QFileInfo(setup.supervisord).dir().filePath("supervisorctl");
    if (!side.manager->start(programs))
        side.error = "failed: " + side.manager->error();
    else if (!waitSupervisorRunning(side.supervisorctl, side.manager->configPath(),
                                    static_cast<int>(programs.size())))
        side.error = QStringLiteral("timeout: not every program RUNNING");
    return side;
}

Samples statusRoundTrips(ControlProbe &probe, int workers)
{
    for (int i = 0; i < 20; ++i) // warm-up
        probe.call(QStringLiteral("status"), {}, 10);
    Samples roundTrip;
    for (int i = 0; i < 500; ++i) {
        const double start = monotonicSeconds();
        const auto reply = probe.call(QStringLiteral("status"), {}, 10);
        const double seconds = monotonicSeconds() - start;
        if (reply && !reply->isError() &&
            reply->result.toMap().value(QStringLiteral("services")).toArray().size() == workers)
            roundTrip.add(seconds * 1000);
    }
    return roundTrip;
}

// A new client until it holds every worker's status: what a window needs to paint its table.
Samples attachTimes(const QString &socket, int workers, int samples)
{
    Samples attach;
    for (int i = 0; i < samples; ++i) {
        const double start = monotonicSeconds();
        ControlProbe probe;
        if (!probe.connectTo(socket, 10))
            continue;
        const auto reply = probe.call(QStringLiteral("subscribe"),
                                      QCborMap{{QStringLiteral("stream"), "statuses"}}, 10);
        const double seconds = monotonicSeconds() - start;
        if (reply && !reply->isError() &&
            reply->result.toMap()
                    .value(QStringLiteral("snapshot"))
                    .toMap()
                    .value(QStringLiteral("services"))
                    .toArray()
                    .size() == workers)
            attach.add(seconds * 1000);
    }
    return attach;
}

} // namespace

std::vector<Measurement> measureStatus(const ControlBenchSetup &setup, int rep)
{
    const QString caseName = QStringLiteral("status %1").arg(setup.workers);
    const std::vector<Program> programs = idlePrograms(setup.workers);
    WorkhostManager workhost(QStringLiteral("workhost"), setup.workhost, setup.child, setup.tag);
    if (!workhost.start(programs))
        return {failed("workhost", caseName, rep, "failed: " + workhost.error())};
    const QString socket = socketOf(workhost);
    ControlProbe probe;
    if (!connectWhenUp(probe, socket, 60) || !waitAllRunning(probe, setup.workers, 120)) {
        finish(workhost, setup.tag);
        return {failed("workhost", caseName, rep, "timeout: no socket, or not every worker up")};
    }
    SupervisorSide supervisor = startSupervisor(setup, programs);
    Measurement ours = row(QStringLiteral("workhost"), caseName, rep);
    const Samples roundTrip = statusRoundTrips(probe, setup.workers);
    ours.set("status_p50_ms", roundTrip.median());
    ours.set("status_p99_ms", roundTrip.percentile(99));
    ours.set("attach_ms", attachTimes(socket, setup.workers, setup.samples).median());
    Samples ctlWall, supervisorctlWall;
    const bool theirs = supervisor.manager && supervisor.error.isEmpty();
    for (int i = 0; i < setup.samples; ++i) { // alternated: both under the same conditions
        if (!setup.ctl.isEmpty()) {
            const TimedRun run = timedRun({setup.ctl, "--socket", socket, "status"}, 30);
            if (run.status == 0 && linesSaying(run.output, "running") == setup.workers)
                ctlWall.add(run.seconds * 1000);
        }
        if (theirs) {
            const TimedRun run = timedRun(
                {supervisor.supervisorctl, "-c", supervisor.manager->configPath(), "status"}, 30);
            if (linesSaying(run.output, "running") == setup.workers)
                supervisorctlWall.add(run.seconds * 1000);
        }
    }
    if (!ctlWall.empty())
        ours.set("ctl_status_ms", ctlWall.median());
    std::vector<Measurement> rows{ours};
    if (supervisor.manager) {
        Measurement peer =
            row(QStringLiteral("supervisord"), caseName, rep,
                supervisor.error.isEmpty() ? QStringLiteral("ok") : supervisor.error);
        if (!supervisorctlWall.empty())
            peer.set("ctl_status_ms", supervisorctlWall.median());
        rows.push_back(peer);
        finish(*supervisor.manager, setup.tag);
    }
    finish(workhost, setup.tag);
    return rows;
}

namespace {

using Followers = std::vector<std::unique_ptr<LogFollower>>;

Followers startFollowers(const QString &socket, int clients, qint64 expected, double timeout)
{
    Followers followers;
    for (int i = 0; i < clients; ++i) {
        followers.push_back(std::make_unique<LogFollower>(socket, expected, timeout));
        followers.back()->start();
    }
    const double end = monotonicSeconds() + 30;
    auto ready = [&] {
        return std::all_of(followers.begin(), followers.end(),
                           [](const auto &f) { return f->subscribed() || f->failed(); });
    };
    while (!ready() && monotonicSeconds() < end)
        pause(0.01);
    return followers;
}

bool anyFailed(const Followers &followers)
{
    return std::any_of(followers.begin(), followers.end(),
                       [](const auto &f) { return !f->subscribed(); });
}

// A host running one program printing `rate` lines a second, up and
// answering; else why not (and the host finished).
QString startPaced(WorkhostManager &workhost, int rate, const QByteArray &tag)
{
    const Program paced{"paced", {"paced", "0", QString::number(rate)}, false};
    if (!workhost.start({paced}))
        return "failed: " + workhost.error();
    ControlProbe probe;
    if (!connectWhenUp(probe, socketOf(workhost), 60) || !waitAllRunning(probe, 1, 60)) {
        finish(workhost, tag);
        return QStringLiteral("timeout: no socket, or the program not up");
    }
    return {};
}

} // namespace

Measurement measureFollow(const ControlBenchSetup &setup, int rep, int clients, long long lines)
{
    const QString caseName = QStringLiteral("follow x%1").arg(clients);
    const QString go = QStringLiteral("%1/go-%2-%3").arg(setup.workDir).arg(rep).arg(clients);
    const QString done = QStringLiteral("%1/done-%2-%3").arg(setup.workDir).arg(rep).arg(clients);
    QFile::remove(go);
    WorkhostManager workhost(QStringLiteral("workhost"), setup.workhost, setup.child, setup.tag);
    const Program flood{"flood", {"flood", "0", QString::number(lines), go, done}, false};
    if (!workhost.start({flood}))
        return failed("workhost", caseName, rep, "failed: " + workhost.error());
    const QString socket = socketOf(workhost);
    ControlProbe probe;
    if (!connectWhenUp(probe, socket, 60) || !waitAllRunning(probe, 1, 60)) {
        finish(workhost, setup.tag);
        return failed("workhost", caseName, rep, "timeout: no socket, or the program not up");
    }
    Followers followers = startFollowers(socket, clients, lines, 300);
    if (anyFailed(followers)) {
        finish(workhost, setup.tag);
        return failed("workhost", caseName, rep, "failed: a client could not subscribe");
    }
    QFile(go).open(QIODevice::WriteOnly); // the program starts printing
    Samples rates;
    qint64 received = 0, told = 0;
    for (const auto &follower : followers) {
        const FollowResult result = follower->result();
        rates.add(result.linesPerSecond());
        received += result.lines;
        told += result.dropped + result.lost;
    }
    Measurement m = row(QStringLiteral("workhost"), caseName, rep);
    m.set("lines", static_cast<double>(lines));
    m.set("lines_per_s_slowest", rates.percentile(0));
    m.set("lines_per_s_median", rates.median());
    m.set("undelivered", static_cast<double>(lines * clients - received));
    m.set("told_dropped", static_cast<double>(told));
    finish(workhost, setup.tag);
    return m;
}

Measurement measureSustainedFollow(const ControlBenchSetup &setup, int rep, int clients, int rate,
                                   double seconds)
{
    const QString caseName = QStringLiteral("follow x%1 at %2/s").arg(clients).arg(rate);
    WorkhostManager workhost(QStringLiteral("workhost"), setup.workhost, setup.child, setup.tag);
    if (const QString why = startPaced(workhost, rate, setup.tag); !why.isEmpty())
        return failed("workhost", caseName, rep, why);
    Followers followers = startFollowers(socketOf(workhost), clients, 0, seconds + 60);
    const double start = monotonicSeconds();
    pause(seconds);
    const double elapsed = monotonicSeconds() - start;
    for (const auto &follower : followers)
        follower->stop();
    Samples rates;
    qint64 told = 0;
    for (const auto &follower : followers) {
        const FollowResult result = follower->result();
        rates.add(static_cast<double>(result.lines) / elapsed);
        told += result.dropped + result.lost;
    }
    Measurement m = row(QStringLiteral("workhost"), caseName, rep);
    m.set("lines_per_s_slowest", rates.percentile(0));
    m.set("lines_per_s_median", rates.median());
    m.set("told_dropped", static_cast<double>(told));
    finish(workhost, setup.tag);
    return m;
}

Measurement measureHostCpu(const ControlBenchSetup &setup, int rep, int rate, double seconds,
                           int windows)
{
    const QString caseName = QStringLiteral("cpu %1/s").arg(rate);
    WorkhostManager workhost(QStringLiteral("workhost"), setup.workhost, setup.child, setup.tag);
    if (const QString why = startPaced(workhost, rate, setup.tag); !why.isEmpty())
        return failed("workhost", caseName, rep, why);
    const pid_t host = workhost.managerPids().front();
    auto cpuPercentOver = [&](double window) {
        const double cpu = figures(host).cpuSeconds, start = monotonicSeconds();
        pause(window);
        return (figures(host).cpuSeconds - cpu) / (monotonicSeconds() - start) * 100;
    };
    cpuPercentOver(2); // warm-up
    Samples none, four, delivered;
    for (int w = 0; w < windows; ++w) {
        none.add(cpuPercentOver(seconds));
        Followers followers = startFollowers(socketOf(workhost), 4, 0, seconds + 60);
        const double start = monotonicSeconds();
        four.add(cpuPercentOver(seconds));
        const double elapsed = monotonicSeconds() - start;
        for (const auto &follower : followers)
            follower->stop();
        for (const auto &follower : followers)
            delivered.add(static_cast<double>(follower->result().lines) / elapsed);
    }
    Measurement m = row(QStringLiteral("workhost"), caseName, rep);
    m.set("host_cpu_pct_no_client", none.median());
    m.set("host_cpu_pct_4_clients", four.median());
    m.set("lines_per_s_per_client", delivered.median());
    finish(workhost, setup.tag);
    return m;
}

} // namespace bench
