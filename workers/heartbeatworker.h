#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/hostedservice.h>

#include <chrono>

namespace workhost {

// The seeds' "working behind the scenes" service: a QTimer on its own thread
// logs a line every `interval`. Event-driven (HostedService).
class HeartbeatWorker : public HostedService
{
public:
    HeartbeatWorker(QString name, std::chrono::milliseconds interval);
    static WorkerType type();

protected:
    void onStart(QObject &context) override;

private:
    const std::chrono::milliseconds m_interval;
    qint64 m_beats = 0; // on the service's thread only
};

} // namespace workhost
