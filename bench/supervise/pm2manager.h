#pragma once

#include "manager.h"

#include <optional>

namespace bench {

// PM2 with PM2_HOME (and HOME) in the temporary home: `pm2 start` of a JSON
// ecosystem file (fork mode, interpreter none, one out_file per program,
// merge_logs so the file has no instance suffix, no timestamps), which starts
// its God daemon; that daemon is the manager measured. restart_delay is 0,
// PM2's default; `expBackoff` sets exp_backoff_restart_delay (milliseconds).
class Pm2Manager : public Manager
{
public:
    Pm2Manager(QString tool, QString pm2, QString childBinary, QByteArray tag,
               std::optional<int> expBackoff = std::nullopt);
    ~Pm2Manager() override;

    bool start(const std::vector<Program> &programs) override;
    std::vector<pid_t> managerPids() const override { return {m_pid}; }
    std::vector<LogFile> logFiles(const std::vector<Program> &programs) const override;
    LogLine parse(QByteArrayView line) const override { return {{}, line}; }
    void terminate() override;
    bool hasExited() override;
    void kill() override;

private:
    QStringList environment() const;

    QString m_pm2;
    std::optional<int> m_expBackoff;
    pid_t m_pid = -1;
    bool m_killed = false;
};

} // namespace bench
