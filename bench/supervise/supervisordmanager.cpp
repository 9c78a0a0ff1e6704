#include "supervisordmanager.h"

#include "processes.h"

#include <QDir>
#include <QFile>

#include <csignal>
#include <sys/wait.h>

namespace bench {

SupervisordManager::SupervisordManager(QString binary, QString childBinary, QByteArray tag)
    : Manager("supervisord", std::move(childBinary), std::move(tag))
    , m_binary(std::move(binary))
{}

SupervisordManager::~SupervisordManager()
{
    kill();
}

bool SupervisordManager::start(const std::vector<Program> &programs)
{
    QDir(m_home.path()).mkpath("logs");
    QString conf = QStringLiteral("[unix_http_server]\nfile=%1\n\n"
                                  "[supervisord]\nnodaemon=true\nlogfile=%2\nlogfile_maxbytes=0\n"
                                  "pidfile=%3\nchildlogdir=%4\nminfds=16384\n\n"
                                  "[rpcinterface:supervisor]\n"
                                  "supervisor.rpcinterface_factory = "
                                  "supervisor.rpcinterface:make_main_rpcinterface\n\n"
                                  "[supervisorctl]\nserverurl=unix://%1\n\n")
                       .arg(path("supervisor.sock"), path("supervisord.log"),
                            path("supervisord.pid"), path("logs"));
    const std::vector<LogFile> logs = logFiles(programs);
    for (size_t i = 0; i < programs.size(); ++i) {
        const Program &program = programs[i];
        conf += QStringLiteral("[program:%1]\ncommand=%2\nautostart=true\nautorestart=%3\n"
                               "startsecs=%4\nstopsignal=TERM\nstopwaitsecs=10\n"
                               "stdout_logfile=%5\nstdout_logfile_maxbytes=0\n"
                               "stdout_logfile_backups=0\nstderr_logfile=%6\n"
                               "stderr_logfile_maxbytes=0\nstderr_logfile_backups=0\n\n")
                    .arg(program.name, childCommand(program).join(' '),
                         program.restart ? "true" : "false", program.restart ? "1" : "0",
                         logs[i].path, path("logs/" + program.name + ".err"));
    }
    QFile file(path("supervisord.conf"));
    if (!file.open(QIODevice::WriteOnly) || file.write(conf.toUtf8()) < 0)
        return m_error = "cannot write supervisord.conf", false;
    file.close();
    m_pid = spawn({m_binary, "--nodaemon", "--configuration", file.fileName()},
                  {"HOME=" + m_home.path()}, path("supervisord.out"));
    if (m_pid <= 0)
        return m_error = "cannot start " + m_binary, false;
    rememberManager(m_pid);
    return true;
}

std::vector<LogFile> SupervisordManager::logFiles(const std::vector<Program> &programs) const
{
    std::vector<LogFile> files;
    for (const Program &program : programs)
        files.push_back({path("logs/" + program.name + ".out"), program.name});
    return files;
}

void SupervisordManager::terminate()
{
    if (m_pid > 0 && !m_exited)
        ::kill(m_pid, SIGTERM);
}

bool SupervisordManager::hasExited()
{
    if (m_pid <= 0 || m_exited)
        return true;
    m_exited = bench::hasExited(m_pid);
    return m_exited;
}

void SupervisordManager::kill()
{
    if (m_pid <= 0 || m_exited)
        return;
    ::kill(-m_pid, SIGKILL); // its group: supervisord (its programs get their own)
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
    m_exited = true;
}

} // namespace bench
