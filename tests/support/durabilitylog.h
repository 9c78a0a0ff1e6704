#pragma once

// Reading back what a rotating log kept, for the shutdown durability tests:
// the lines of every file, oldest first, and the numbers of a numbered series
// ("line #17", "heartbeat #17"), checked for gaps.

#include <QByteArrayList>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace workhost::test {

struct RotatingLog
{
    QByteArrayList lines; // complete lines, oldest first
    QByteArray tornTail;  // a last line the process did not finish writing, if any
    int files = 0;
};

// spdlog's rotating sink keeps workhost.log (newest), workhost.1.log, ... workhost.N.log (oldest).
inline RotatingLog readRotatingLog(const QString &directory,
                                   const QString &fileName = QStringLiteral("workhost.log"))
{
    const QFileInfo base(fileName);
    const auto pathOf = [&](int index) {
        return QDir(directory).filePath(index == 0 ? fileName
                                                   : QStringLiteral("%1.%2.%3")
                                                         .arg(base.completeBaseName())
                                                         .arg(index)
                                                         .arg(base.suffix()));
    };
    int oldest = 0;
    while (QFile::exists(pathOf(oldest + 1)))
        ++oldest;
    RotatingLog log;
    for (int index = oldest; index >= 0; --index) {
        QFile file(pathOf(index));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        ++log.files;
        QByteArray text = file.readAll();
        if (index == 0 && !text.isEmpty() && !text.endsWith('\n'))
            log.tornTail = text.mid(text.lastIndexOf('\n') + 1);
        text.chop(log.tornTail.size());
        log.lines += text.split('\n');
        if (!log.lines.isEmpty() && log.lines.last().isEmpty())
            log.lines.removeLast();
    }
    return log;
}

// The numbers `pattern` captures (its first group), in file order.
inline QList<qint64> numbersIn(const QByteArrayList &lines, const QRegularExpression &pattern)
{
    QList<qint64> numbers;
    for (const QByteArray &line : lines) {
        const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(line));
        if (match.hasMatch())
            numbers.append(match.captured(1).toLongLong());
    }
    return numbers;
}

// Empty when `numbers` is exactly 1, 2, ..., N; otherwise where it breaks.
inline QString sequenceProblem(const QList<qint64> &numbers)
{
    for (qsizetype i = 0; i < numbers.size(); ++i) {
        if (numbers[i] != i + 1)
            return QStringLiteral("expected #%1, found #%2 (after %3 good lines of %4)")
                .arg(i + 1)
                .arg(numbers[i])
                .arg(i)
                .arg(numbers.size());
    }
    return {};
}

} // namespace workhost::test
