#pragma once

// How a test's child process reports to the test: "key=value" lines on its
// stdout, flushed at once, so that they survive an exit through std::_Exit.

#include <QByteArray>
#include <QMap>
#include <QString>

#include <cstdio>

namespace workhost::test {

inline void reportToParent(const QString &key, const QString &value)
{
    std::printf("%s=%s\n", qUtf8Printable(key), qUtf8Printable(value));
    std::fflush(stdout);
}

// The "key=value" lines a child printed.
inline QMap<QString, QString> readChildReport(const QByteArray &output)
{
    QMap<QString, QString> report;
    for (const QByteArray &line : output.split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0)
            report.insert(QString::fromUtf8(line.left(equals)),
                          QString::fromUtf8(line.mid(equals + 1)));
    }
    return report;
}

} // namespace workhost::test
