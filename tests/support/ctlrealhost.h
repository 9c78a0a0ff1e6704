#pragma once

// The real `workhost --headless` in a child process for workhost-ctl's tests:
// a temporary home (its XDG folders and XDG_RUNTIME_DIR, so the control socket
// lies in it), two workers (a heartbeat and a command worker printing "tick N"
// five times a second), started once and shared by the tests that follow.

#include "support/ctlprocess.h"
#include "support/workhostprocess.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include <memory>

namespace workhost::test {

inline QJsonObject tickerWorker(const QString &name, const QString &pause)
{
    const QString script =
        QStringLiteral("i=0; while :; do i=$((i+1)); echo \"tick $i\"; sleep %1; done").arg(pause);
    return {{"name", name},
            {"type", "command"},
            {"settings", QJsonObject{{"program", "sh"},
                                     {"arguments", QJsonArray{"-c", script}},
                                     {"mode", "continuous"},
                                     {"stopGrace", 5}}}};
}

inline QJsonObject heartbeatWorker(const QString &name)
{
    return {{"name", name}, {"type", "heartbeat"}, {"settings", QJsonObject{{"interval", 1}}}};
}

struct CtlRealHost
{
    CtlRealHost()
        : process(home)
    {
        QDir(home.path()).mkpath("runtime");
        process.setEnvironment("XDG_RUNTIME_DIR", home.filePath("runtime"));
        writeWorkers({heartbeatWorker("beat"), tickerWorker("ticker", "0.2")});
    }
    void writeWorkers(const QJsonArray &workers)
    {
        configPath = writeConfig(home, {{"shutdownTimeout", 10}}, workers);
    }
    bool start()
    {
        process.start({"--headless", "--config", configPath});
        return process.waitForError("control socket: listening on") &&
               process.waitForError("host started");
    }
    // workhost-ctl -c <config> ARGUMENTS..., to its end; or through `workhost ctl`.
    CtlResult ctl(const QStringList &arguments, const QString &program = {})
    {
        CtlProcess ctl(home.path());
        const QStringList prefix = program.isEmpty() ? QStringList{} : QStringList{"ctl"};
        return ctl.run(prefix + QStringList{"-c", configPath} + arguments, program);
    }

    QTemporaryDir home;
    WorkhostProcess process;
    QString configPath;
};

} // namespace workhost::test
