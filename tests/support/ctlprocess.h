#pragma once

// workhost-ctl in a child process, as a person or a script runs it, against a
// host on a socket the test chose: its own runtime and config folders (so
// that it never finds the user's host or file), stdout and stderr captured,
// the exit status checked. It waits with the test's event loop running, so a
// test-side ControlServer answers meanwhile.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#ifndef WORKHOST_CTL_EXECUTABLE
#error "WORKHOST_CTL_EXECUTABLE must name the workhost-ctl binary"
#endif

namespace workhost::test {

struct CtlResult
{
    int exitCode = -1; // -1: it did not end in time; -2: a signal ended it
    QString out;
    QString err;
};

class CtlProcess
{
public:
    // `home` holds runtime/ (XDG_RUNTIME_DIR) and config/ (XDG_CONFIG_HOME).
    explicit CtlProcess(const QString &home)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_RUNTIME_DIR", home + QStringLiteral("/runtime"));
        env.insert("XDG_CONFIG_HOME", home + QStringLiteral("/config"));
        env.insert("XDG_DATA_HOME", home + QStringLiteral("/data"));
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        process.setProcessEnvironment(env);
    }
    ~CtlProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(10000);
        }
    }

    void start(const QStringList &arguments, const QString &program = {})
    {
        process.start(program.isEmpty() ? QStringLiteral(WORKHOST_CTL_EXECUTABLE) : program,
                      arguments);
    }
    // Waits, the event loop running, until stdout holds `text` (read so far: out).
    bool waitForOutput(const QString &text, int timeoutMs = 30000)
    {
        return QTest::qWaitFor(
            [&] {
                result.out += QString::fromUtf8(process.readAllStandardOutput());
                return result.out.contains(text);
            },
            timeoutMs);
    }
    CtlResult finish(int timeoutMs = 60000)
    {
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs))
            return {-1, result.out + QString::fromUtf8(process.readAllStandardOutput()),
                    QString::fromUtf8(process.readAllStandardError())};
        result.out += QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        return result;
    }
    // Runs `arguments` to its end.
    CtlResult run(const QStringList &arguments, const QString &program = {})
    {
        start(arguments, program);
        return finish();
    }

    QProcess process;
    CtlResult result;
};

} // namespace workhost::test
