#pragma once

#include <workhost/config/configuration.h>

#include <memory>

namespace workhost {

class Host;
class LogPipeline;
class WorkerRegistry;

// Builds a Host from a checked configuration: the host options, one service
// per enabled worker (made by its type's factory), and the log levels.
// Returns the host, not started. Owner: the caller.
std::unique_ptr<Host> assembleHost(const Configuration &config, const WorkerRegistry &registry,
                                   LogPipeline *logging);

// Makes one worker's service, its path settings expanded (${data}...), and
// adds it to `host`; false if the type is unknown or the name is taken.
bool addWorker(Host &host, const WorkerConfig &worker, const WorkerRegistry &registry);

} // namespace workhost
