#pragma once

// Finding processes a test left behind, from /proc: the command worker runs
// each program in its own process group (its leader's pid), so a survivor is
// a living process in one of those groups, or a child of the test itself.
// Zombies count as gone: they run nothing, and in a container the init that
// should reap reparented ones may never do it.

#include <workhost/logging/logrecord.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <unistd.h>

namespace workhost::test {

struct ProcessEntry
{
    qint64 pid = 0;
    qint64 parent = 0;
    qint64 group = 0;
    QString command;
};

// Every process that is alive (not a zombie), from /proc/<pid>/stat.
inline QList<ProcessEntry> livingProcesses()
{
    QList<ProcessEntry> living;
    const QStringList pids = QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!pid.front().isDigit() || !stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
        const QByteArray text = stat.readAll();
        const qsizetype close = text.lastIndexOf(')');
        const QList<QByteArray> fields = text.mid(close + 2).split(' ');
        if (close < 0 || fields.size() < 3 || fields[0] == "Z" || fields[0] == "X")
            continue;
        const qsizetype open = text.indexOf('(');
        living.append({pid.toLongLong(), fields[1].toLongLong(), fields[2].toLongLong(),
                       QString::fromLocal8Bit(text.mid(open + 1, close - open - 1))});
    }
    return living;
}

// Living processes in one of `groups`, or children of this process.
inline QStringList survivors(const QSet<qint64> &groups)
{
    QStringList found;
    const qint64 self = ::getpid();
    for (const ProcessEntry &process : livingProcesses()) {
        if (process.pid != self && (groups.contains(process.group) || process.parent == self))
            found << QStringLiteral("%1 (%2, group %3, parent %4)")
                         .arg(process.pid)
                         .arg(process.command)
                         .arg(process.group)
                         .arg(process.parent);
    }
    return found;
}

// The process groups the command worker announced: "started <program> (pid N)".
inline QSet<qint64> announcedGroups(const QList<LogRecord> &lines)
{
    static const QRegularExpression started(QStringLiteral("^started .* \\(pid (\\d+)\\)$"));
    QSet<qint64> groups;
    for (const LogRecord &line : lines) {
        const QRegularExpressionMatch match = started.match(line.message);
        if (match.hasMatch())
            groups.insert(match.captured(1).toLongLong());
    }
    return groups;
}

} // namespace workhost::test
