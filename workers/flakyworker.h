#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>

#include <chrono>

namespace workhost {

// Works in iterations and throws an exception every `failEvery` of them, to
// show fault handling and the restart backoff. With `throwOnStop` it also
// throws when asked to stop, as a library that cancels by exception does: the
// host reports that run Cancelled, a clean stop and no fault.
class FlakyWorker : public BackgroundWorker
{
public:
    FlakyWorker(QString name, int failEvery, std::chrono::milliseconds interval,
                bool throwOnStop = false);
    static WorkerType type();

protected:
    void execute(StopToken token) override;

private:
    const int m_failEvery;
    const std::chrono::milliseconds m_interval;
    const bool m_throwOnStop;
};

} // namespace workhost
