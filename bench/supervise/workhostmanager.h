#pragma once

#include "manager.h"

#include <optional>

namespace bench {

// `workhost --headless` with a temporary HOME/XDG directories and a generated
// configuration: one command worker per program (interval mode, a week apart,
// for a program that runs once; continuous with faultPolicy restart for one
// that is restarted), started and stopped concurrently, the log file at
// 1 GiB so that a flood never rotates, stderr to /dev/null.
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

private:
    QString m_binary;
    std::optional<double> m_initialBackoff;
    pid_t m_pid = -1;
    bool m_exited = false;
};

} // namespace bench
