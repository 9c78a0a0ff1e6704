#pragma once

// The real workhost executable in a child process, as a user, a shell or
// systemd runs it: its own home folders (XDG_* under a temporary directory),
// its output captured, signals sent for real. For the tests that judge the
// host from outside (tests/stress, tests/app).
//
// The binary is the one built with the tests (WORKHOST_EXECUTABLE), unless
// WORKHOST_TEST_BINARY names another: that is how a new test is run once
// against an older build, to see it fail before the fix.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

#ifndef WORKHOST_EXECUTABLE
#error "WORKHOST_EXECUTABLE must name the workhost binary"
#endif

namespace workhost::test {

inline QString workhostBinary()
{
    const QByteArray other = qgetenv("WORKHOST_TEST_BINARY");
    return other.isEmpty() ? QStringLiteral(WORKHOST_EXECUTABLE) : QString::fromLocal8Bit(other);
}

class WorkhostProcess
{
public:
    // `home` holds data/, cache/, config/ and runtime/ for this process.
    explicit WorkhostProcess(const QTemporaryDir &home)
        : m_home(home.path())
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", home.filePath("data"));
        env.insert("XDG_CACHE_HOME", home.filePath("cache"));
        env.insert("XDG_CONFIG_HOME", home.filePath("config"));
        // The control socket's directory (RuntimeDirectory): its own, mode 0700, as systemd's.
        QDir().mkpath(home.filePath("runtime"));
        QFile::setPermissions(home.filePath("runtime"),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        env.insert("XDG_RUNTIME_DIR", home.filePath("runtime"));
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::SeparateChannels);
    }

    ~WorkhostProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(10000);
        }
    }

    void setEnvironment(const QString &name, const QString &value)
    {
        QProcessEnvironment env = process.processEnvironment();
        env.insert(name, value);
        process.setProcessEnvironment(env);
    }

    // The folder the host writes its log files to.
    QString logDirectory() const { return m_home + QStringLiteral("/data/Workhost/workhost/logs"); }
    QString logFile() const { return logDirectory() + QStringLiteral("/workhost.log"); }
    // The control socket of the host of `configPath` (docs/PROTOCOL.md).
    QString runtimeDirectory() const { return m_home + QStringLiteral("/runtime/workhost"); }

    void start(const QStringList &arguments) { process.start(workhostBinary(), arguments); }
    qint64 pid() const { return process.processId(); }
    // Nothing once it has ended: kill(0, ...) would signal the test's own process group.
    void signal(int number) const
    {
        if (const qint64 pid = process.processId(); pid > 0)
            ::kill(static_cast<pid_t>(pid), number);
    }

    // Waits until stderr shows `text` (everything read so far stays in err).
    bool waitForError(const QString &text, int timeoutMs = 30000)
    {
        return QTest::qWaitFor(
            [&] {
                err += QString::fromUtf8(process.readAllStandardError());
                return err.contains(text);
            },
            timeoutMs);
    }

    // The exit status, -1 if it did not end in time, -2 if a signal ended it.
    // (A process that ended already, while the test's event loop ran, has
    // nothing left to wait for: waitForFinished() would say false.)
    int finish(int timeoutMs = 60000)
    {
        if (process.state() != QProcess::NotRunning && !process.waitForFinished(timeoutMs))
            return -1;
        err += QString::fromUtf8(process.readAllStandardError());
        out += QString::fromUtf8(process.readAllStandardOutput());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    }

    QProcess process;
    QString err;
    QString out;

private:
    QString m_home;
};

// Writes `json` to `name` in `dir` and returns its path.
inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &json)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Writes a config.json with these host options and workers to `home`; its path.
inline QString writeConfig(const QTemporaryDir &home, const QJsonObject &host,
                           const QJsonArray &workers)
{
    return writeFile(home, "config.json",
                     QJsonDocument(QJsonObject{{"host", host}, {"workers", workers}}).toJson());
}

} // namespace workhost::test
