#pragma once

#include "manager.h"

#include <optional>

namespace bench {

// `workhost --headless` with a temporary HOME/XDG directories and a generated
// configuration: one command worker per program (interval mode, a week apart,
// for a program that runs once; continuous with faultPolicy restart for one
// that is restarted), started and stopped concurrently, the log file at
// 1 GiB so that a flood never rotates, stderr to /dev/null, its runtime
// directory (control socket) in the temporary home.
class WorkhostManager : public Manager
{
public:
    WorkhostManager(QString tool, QString binary, QString childBinary, QByteArray tag,
                    std::optional<double> initialBackoff = std::nullopt);
    ~WorkhostManager() override;

    bool start(const std::vector<Program> &programs) override;
    std::vector<pid_t> managerPids() const override { return {m_pid}; }
    std::vector<LogFile> logFiles(const std::vector<Program> &programs) const override;
    LogLine parse(QByteArrayView line) const override;
    void terminate() override;
    bool hasExited() override;
    void kill() override;

    // The configuration file and the host's runtime directory (XDG_RUNTIME_DIR
    // is the manager's own "run"), where its control socket is.
    QString configPath() const { return path("workhost.json"); }
    QString runtimeDirectory() const { return path("run/workhost"); }

private:
    QString m_binary;
    std::optional<double> m_initialBackoff;
    pid_t m_pid = -1;
    bool m_exited = false;
};

} // namespace bench
