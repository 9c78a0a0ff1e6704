#pragma once

#include "manager.h"

namespace bench {

// supervisord (never the system service): its own supervisord.conf, socket,
// pidfile and log directory in the temporary home, nodaemon, one stdout log
// per program without rotation (maxbytes 0). A program that runs once has
// autorestart false and startsecs 0 (a flood that ends within the default
// startsecs would otherwise count as a failed start and be run again).
class SupervisordManager : public Manager
{
public:
    SupervisordManager(QString binary, QString childBinary, QByteArray tag);
    ~SupervisordManager() override;

    bool start(const std::vector<Program> &programs) override;
    std::vector<pid_t> managerPids() const override { return {m_pid}; }
    std::vector<LogFile> logFiles(const std::vector<Program> &programs) const override;
    LogLine parse(QByteArrayView line) const override { return {{}, line}; }
    void terminate() override;
    bool hasExited() override;
    void kill() override;

    QString configPath() const { return path("supervisord.conf"); }

private:
    QString m_binary;
    pid_t m_pid = -1;
    bool m_exited = false;
};

} // namespace bench
