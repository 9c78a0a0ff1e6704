#pragma once

namespace workhost {

class WorkerRegistry;

// Adds every worker type of the catalog: heartbeat, command, file-hasher,
// cleanup, queue, prime-counter, flaky, stubborn.
void registerStandardWorkers(WorkerRegistry &registry);

} // namespace workhost
