#include "workers/standardworkers.h"

#include "workers/cleanupworker.h"
#include "workers/commandworker.h"
#include "workers/filehasherworker.h"
#include "workers/flakyworker.h"
#include "workers/heartbeatworker.h"
#include "workers/primecounterworker.h"
#include "workers/queueworker.h"
#include "workers/stubbornworker.h"
#include <workhost/config/workerregistry.h>

namespace workhost {

void registerStandardWorkers(WorkerRegistry &registry)
{
    registry.add(HeartbeatWorker::type());
    registry.add(CommandWorker::type());
    registry.add(FileHasherWorker::type());
    registry.add(CleanupWorker::type());
    registry.add(QueueWorker::type());
    registry.add(PrimeCounterWorker::type());
    registry.add(FlakyWorker::type());
    registry.add(StubbornWorker::type());
}

} // namespace workhost
