#pragma once

// What /proc says about the processes this one started, for the chaos
// scenario: the ones left behind. (Memory: processmemory.h.)
// Plain functions of the calling thread; Linux only.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QStringList>

#include <optional>

#include <unistd.h>

namespace workhost::test {

// One live process, as a line for a failure message.
struct ProcessInfo
{
    qint64 pid = 0;
    qint64 parent = 0;
    QByteArray state;   // R, S, Z...
    QByteArray command; // from /proc/<pid>/cmdline, spaces between arguments

    QString describe() const
    {
        return QStringLiteral("pid %1 (parent %2, state %3): %4")
            .arg(pid)
            .arg(parent)
            .arg(QString::fromLatin1(state), QString::fromLocal8Bit(command));
    }
};

inline std::optional<ProcessInfo> processInfo(qint64 pid)
{
    const QString dir = QStringLiteral("/proc/%1").arg(pid);
    QFile stat(dir + QStringLiteral("/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt; // gone meanwhile
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const QByteArray text = stat.readAll();
    const QList<QByteArray> after = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (after.size() < 2)
        return std::nullopt;
    ProcessInfo info;
    info.pid = pid;
    info.state = after[0];
    info.parent = after[1].toLongLong();
    QFile cmdline(dir + QStringLiteral("/cmdline"));
    if (cmdline.open(QIODevice::ReadOnly))
        info.command = cmdline.readAll().replace('\0', ' ').trimmed();
    return info;
}

// Every process that is this one's child, or that carries `marker`
// ("NAME=value") in its environment: the children's children inherit it, so
// it finds them even once they are reparented. Zombies have no environment
// left, so a process reaped late by init never counts; a zombie child of
// ours does (nobody reaped it).
inline QList<ProcessInfo> leftoverProcesses(const QByteArray &marker)
{
    QList<ProcessInfo> found;
    const qint64 self = ::getpid();
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == self)
            continue;
        const std::optional<ProcessInfo> info = processInfo(pid);
        if (!info)
            continue;
        bool marked = false;
        QFile environment(QStringLiteral("/proc/%1/environ").arg(pid));
        if (environment.open(QIODevice::ReadOnly))
            marked = environment.readAll().split('\0').contains(marker);
        if (marked || info->parent == self)
            found.append(*info);
    }
    return found;
}

} // namespace workhost::test
