#include "workhostmanager.h"

#include "processes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <sys/wait.h>

namespace bench {

WorkhostManager::WorkhostManager(QString tool, QString binary, QString childBinary, QByteArray tag,
                                 std::optional<double> initialBackoff)
    : Manager(std::move(tool), std::move(childBinary), std::move(tag))
    , m_binary(std::move(binary))
    , m_initialBackoff(initialBackoff)
{}

WorkhostManager::~WorkhostManager()
{
    kill();
}

bool WorkhostManager::start(const std::vector<Program> &programs)
{
    QJsonArray workers;
    for (const Program &program : programs) {
        const QStringList command = childCommand(program);
        QJsonObject settings{{"program", command.first()},
                             {"arguments", QJsonArray::fromStringList(command.mid(1))},
                             {"mode", program.restart ? "continuous" : "interval"},
                             {"stopGrace", 10}};
        if (!program.restart)
            settings["interval"] = 604800; // runs once: the next run would be a week later
        QJsonObject worker{{"name", program.name},
                           {"type", "command"},
                           {"faultPolicy", program.restart ? "restart" : "ignore"},
                           {"settings", settings}};
        if (m_initialBackoff)
            worker["restart"] = QJsonObject{{"initialBackoff", *m_initialBackoff}};
        workers.append(worker);
    }
    const QJsonObject configuration{
        {"host", QJsonObject{{"shutdownTimeout", 60},
                             {"startConcurrently", true},
                             {"stopConcurrently", true}}},
        {"logging",
         QJsonObject{{"level", "info"}, {"fileMaxSize", 1073741824}, {"fileMaxFiles", 2}}},
        {"workers", workers}};
    QFile file(path("workhost.json"));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(configuration).toJson()) < 0)
        return m_error = "cannot write the configuration", false;
    file.close();

    QDir(m_home.path()).mkpath("run");
    QFile::setPermissions(path("run"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QStringList environment{"HOME=" + m_home.path(), "XDG_CONFIG_HOME=" + path("c"),
                                  "XDG_DATA_HOME=" + path("d"), "XDG_CACHE_HOME=" + path("k"),
                                  "XDG_RUNTIME_DIR=" + path("run")};
    // A configuration the binary refuses is a result ("refused"), not a failure of the bench.
    QByteArray checked;
    const int check =
        run({m_binary, "--check-config", "--config", file.fileName()}, environment, 30, &checked);
    if (check == 2)
        return m_error = "refused", false;
    if (check != 0)
        return m_error = "--check-config exited with " + QString::number(check), false;

    m_pid = spawn({m_binary, "--headless", "--config", file.fileName()}, environment,
                  QString()); // stderr to /dev/null: the log file is what is measured
    if (m_pid <= 0)
        return m_error = "cannot start " + m_binary, false;
    rememberManager(m_pid);
    return true;
}

std::vector<LogFile> WorkhostManager::logFiles(const std::vector<Program> &) const
{
    return {{path("d/Workhost/workhost/logs/workhost.log"), QString()}};
}

// "2026-12-02 03:40:00.123 [info] [NAME] [TID] TEXT"
LogLine WorkhostManager::parse(QByteArrayView line) const
{
    LogLine parsed;
    qsizetype at = 0;
    QByteArrayView program;
    for (int field = 0; field < 3; ++field) {
        const qsizetype open = line.indexOf('[', at);
        const qsizetype close = open < 0 ? -1 : line.indexOf("] ", open);
        if (close < 0)
            return parsed;
        if (field == 1)
            program = line.sliced(open + 1, close - open - 1);
        at = close + 2;
    }
    parsed.program = program;
    parsed.text = line.sliced(at);
    return parsed;
}

void WorkhostManager::terminate()
{
    if (m_pid > 0 && !m_exited)
        ::kill(m_pid, SIGTERM);
}

bool WorkhostManager::hasExited()
{
    if (m_pid <= 0 || m_exited)
        return true;
    m_exited = bench::hasExited(m_pid);
    return m_exited;
}

void WorkhostManager::kill()
{
    if (m_pid <= 0 || m_exited)
        return;
    // Its group: the host and its guard (the programs have groups of their own,
    // and die by PR_SET_PDEATHSIG and the guard; the bench sweeps its tag after).
    ::kill(-m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
    m_exited = true;
}

} // namespace bench
