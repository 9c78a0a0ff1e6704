#include "pm2manager.h"

#include "processes.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <ctime>

namespace bench {

Pm2Manager::Pm2Manager(QString tool, QString pm2, QString childBinary, QByteArray tag,
                       std::optional<int> expBackoff)
    : Manager(std::move(tool), std::move(childBinary), std::move(tag))
    , m_pm2(std::move(pm2))
    , m_expBackoff(expBackoff)
{}

Pm2Manager::~Pm2Manager()
{
    kill();
}

QStringList Pm2Manager::environment() const
{
    return {"HOME=" + m_home.path(), "PM2_HOME=" + path("pm2")};
}

bool Pm2Manager::start(const std::vector<Program> &programs)
{
    QDir(m_home.path()).mkpath("logs");
    QJsonArray apps;
    const std::vector<LogFile> logs = logFiles(programs);
    for (size_t i = 0; i < programs.size(); ++i) {
        const QStringList command = childCommand(programs[i]);
        QJsonObject app{{"name", programs[i].name},
                        {"script", command.first()},
                        {"args", QJsonArray::fromStringList(command.mid(1))},
                        {"interpreter", "none"},
                        {"exec_mode", "fork"},
                        {"autorestart", programs[i].restart},
                        {"restart_delay", 0},
                        {"kill_timeout", 10000},
                        {"merge_logs", true},
                        {"out_file", logs[i].path},
                        {"error_file", path("logs/" + programs[i].name + ".err")}};
        if (m_expBackoff)
            app["exp_backoff_restart_delay"] = *m_expBackoff;
        apps.append(app);
    }
    QFile file(path("ecosystem.json"));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(QJsonObject{{"apps", apps}}).toJson()) < 0)
        return m_error = "cannot write ecosystem.json", false;
    file.close();
    QByteArray output;
    const int status = run({m_pm2, "start", file.fileName()}, environment(), 300, &output);
    m_pid = readWholeFile(path("pm2/pm2.pid")).trimmed().toInt();
    rememberManager(m_pid);
    if (status != 0 || m_pid <= 0)
        return m_error = "pm2 start exited with " + QString::number(status), false;
    return true;
}

std::vector<LogFile> Pm2Manager::logFiles(const std::vector<Program> &programs) const
{
    std::vector<LogFile> files;
    for (const Program &program : programs)
        files.push_back({path("logs/" + program.name + ".out"), program.name});
    return files;
}

void Pm2Manager::terminate()
{
    if (m_pid > 0)
        ::kill(m_pid, SIGTERM);
}

bool Pm2Manager::hasExited()
{
    return m_pid <= 0 || bench::hasExited(m_pid);
}

void Pm2Manager::kill()
{
    if (m_killed)
        return;
    m_killed = true;
    // `pm2 kill` first (it stops the apps as PM2 does), unless the bench was
    // interrupted; then SIGKILL whatever daemon names this PM2_HOME, found in
    // /proc: after an interrupted `pm2 start` its pid file may not be there yet.
    if (m_pid > 0 && !hasExited() && !interrupted()) {
        try {
            run({m_pm2, "kill"}, environment(), 30);
        } catch (const Interrupted &) {
        }
    }
    const QByteArray home = path("pm2").toLocal8Bit();
    for (int round = 0; round < 50; ++round) {
        const std::vector<pid_t> daemons = processesNaming(home);
        if (daemons.empty())
            break;
        for (const pid_t pid : daemons)
            ::kill(pid, SIGKILL);
        timespec step{0, 20000000}; // not pause(): it throws once interrupted
        ::nanosleep(&step, nullptr);
    }
}

} // namespace bench
