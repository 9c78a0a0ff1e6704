#pragma once

// Command workers whose programs leave processes of every kind behind them,
// each writing its pid to a file, so that a test can tell afterwards whether
// any of them outlived the host:
//  - "tree": a shell with a child and a grandchild (its own process group);
//  - "daemon": a shell that daemonizes a sleep (setsid, then its parent
//    exits: the classic escape from the group kill) and runs on;
//  - "fds": a shell that records its descriptors, its soft descriptor limit
//    and its WORKHOST_RUN marker, then sleeps.
// A process counts as left while kill(pid, 0) succeeds and it is not a zombie.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace workhost::test {

class ProgramTree
{
public:
    explicit ProgramTree(const QTemporaryDir &dir)
        : m_dir(dir.filePath(QStringLiteral("pids")))
    {
        QDir().mkpath(m_dir);
    }

    // Every pid written so far is killed: nothing a test started stays behind.
    ~ProgramTree()
    {
        for (const pid_t pid : pids())
            ::kill(pid, SIGKILL);
    }

    QString path(const QString &name) const { return m_dir + QLatin1Char('/') + name; }

    QJsonObject command(const QString &name, const QString &script) const
    {
        return {
            {"name", name},
            {"type", "command"},
            {"settings", QJsonObject{{"program", "sh"}, {"arguments", QJsonArray{"-c", script}}}}};
    }

    // The three workers described above.
    QJsonArray workers() const
    {
        const QString d = m_dir;
        return {
            command("tree",
                    QStringLiteral("sleep 1000 & echo $! > %1/child.pid; "
                                   "sh -c 'sleep 1000 & echo $! > %1/grandchild.pid; wait' & "
                                   "echo $$ > %1/tree.pid; wait")
                        .arg(d)),
            command("daemon",
                    QStringLiteral("( setsid sh -c 'sleep 1000 & echo $! > %1/daemon.pid' ); "
                                   "echo $$ > %1/daemonparent.pid; exec sleep 1000")
                        .arg(d)),
            command("fds",
                    QStringLiteral("ls /proc/self/fd > %1/fds.txt; ulimit -n > %1/limit.txt; "
                                   "echo \"$WORKHOST_RUN\" > %1/marker.txt; "
                                   "echo $$ > %1/fds.pid; exec sleep 1000")
                        .arg(d)),
        };
    }

    // The pid files the three workers write, once all are there.
    static QStringList expectedPidFiles()
    {
        return {"child.pid",  "grandchild.pid",   "tree.pid",
                "daemon.pid", "daemonparent.pid", "fds.pid"};
    }

    bool allWritten(const QStringList &files = expectedPidFiles()) const
    {
        for (const QString &file : files) {
            if (readPid(path(file)) <= 0)
                return false;
        }
        return true;
    }

    QList<pid_t> pids() const
    {
        QList<pid_t> all;
        for (const QString &file : QDir(m_dir).entryList({"*.pid"}, QDir::Files)) {
            if (const pid_t pid = readPid(path(file)); pid > 0)
                all.append(pid);
        }
        return all;
    }

    // The pids still running (zombies excluded), with their file names.
    QStringList left() const
    {
        QStringList running;
        for (const QString &file : QDir(m_dir).entryList({"*.pid"}, QDir::Files)) {
            const pid_t pid = readPid(path(file));
            if (pid > 0 && isRunning(pid))
                running << QStringLiteral("%1 (%2)").arg(file).arg(pid);
        }
        return running;
    }

    QByteArray contents(const QString &name) const
    {
        QFile file(path(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
    }

    static bool isRunning(pid_t pid)
    {
        if (::kill(pid, 0) != 0 && errno == ESRCH)
            return false;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = stat.readAll();
        const qsizetype end = text.lastIndexOf(')');
        return end < 0 || end + 2 >= text.size() || text[end + 2] != 'Z';
    }

private:
    static pid_t readPid(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        return static_cast<pid_t>(file.readAll().trimmed().toInt());
    }

    QString m_dir;
};

} // namespace workhost::test
