#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>

#include <chrono>

namespace workhost {

// Ignores a stop request for `ignoreStopFor` before it returns, to show the
// shutdown deadline (TimedOut) and the shutdown progress dialog.
class StubbornWorker : public BackgroundWorker
{
public:
    StubbornWorker(QString name, std::chrono::milliseconds ignoreStopFor);
    static WorkerType type();

protected:
    void execute(StopToken token) override;

private:
    const std::chrono::milliseconds m_ignoreStopFor;
};

} // namespace workhost
