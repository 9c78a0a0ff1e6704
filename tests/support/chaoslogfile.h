#pragma once

// Reads back the rotating log files a LogPipeline wrote, oldest line first,
// for the chaos scenario's "every line is in the file" checks.
//
// spdlog's rotating sink keeps "workhost.log" (current) and
// "workhost.1.log" ... "workhost.N.log" (N the oldest). Each line follows
// LogPipeline's pattern: "2026-01-02 03:04:05.678 [info] [logger] [tid] message".
// Plain functions of the calling thread.

#include <QByteArray>
#include <QByteArrayView>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

namespace workhost::test {

struct ChaosLogLine
{
    QByteArrayView level;
    QByteArrayView logger;
    QByteArrayView message;
};

// The files of one rotating log, oldest first.
inline QStringList rotatedLogFiles(const QString &currentPath)
{
    const QFileInfo current(currentPath);
    const QString stem = current.completeBaseName();
    const QString suffix = current.suffix();
    QStringList files;
    for (int index = 1;; ++index) {
        const QString rotated =
            current.dir().filePath(QStringLiteral("%1.%2.%3").arg(stem).arg(index).arg(suffix));
        if (!QFile::exists(rotated))
            break;
        files.prepend(rotated);
    }
    if (current.exists())
        files.append(currentPath);
    return files;
}

// Splits one line; false when it does not start as a log line does (a
// continuation of a message that held a newline).
inline bool parseLogLine(QByteArrayView line, ChaosLogLine &out)
{
    constexpr qsizetype timeLength = 23; // "2026-01-02 03:04:05.678"
    if (line.size() < timeLength + 2 || line[4] != '-' || line[10] != ' ' ||
        line[timeLength] != ' ' || line[timeLength + 1] != '[')
        return false;
    // "[level] [logger] [tid] message"
    QByteArrayView rest = line.sliced(timeLength + 1);
    QByteArrayView fields[3];
    for (QByteArrayView &field : fields) {
        const qsizetype close = rest.indexOf("] ");
        if (rest.isEmpty() || rest[0] != '[' || close < 0)
            return false;
        field = rest.sliced(1, close - 1);
        rest = rest.sliced(close + 2);
    }
    out.level = fields[0];
    out.logger = fields[1];
    out.message = rest;
    return true;
}

// Calls `visit(const ChaosLogLine &)` for every log line of every file,
// oldest first; returns the number of lines that were not log lines.
template <typename Visit>
qint64 forEachLogLine(const QString &currentPath, Visit visit)
{
    qint64 unparsed = 0;
    for (const QString &path : rotatedLogFiles(currentPath)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray all = file.readAll();
        qsizetype start = 0;
        while (start < all.size()) {
            qsizetype end = all.indexOf('\n', start);
            if (end < 0)
                end = all.size();
            ChaosLogLine line;
            if (parseLogLine(QByteArrayView(all).sliced(start, end - start), line))
                visit(line);
            else
                ++unparsed;
            start = end + 1;
        }
    }
    return unparsed;
}

} // namespace workhost::test
