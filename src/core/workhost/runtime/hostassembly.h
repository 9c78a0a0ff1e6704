#pragma once

#include <workhost/config/configuration.h>
#include <workhost/hosting/addserviceresult.h>

#include <memory>

namespace workhost {

class Host;
class LogPipeline;
class Service;
class WorkerRegistry;

// Builds a Host from a checked configuration: the host options, one service
// per enabled worker (made by its type's factory), and the log levels.
// Returns the host, not started. Owner: the caller.
std::unique_ptr<Host> assembleHost(const Configuration &config, const WorkerRegistry &registry,
                                   LogPipeline *logging);

// Makes one worker's service, its path settings expanded (${data}...), and
// adds it to `host`. Refused, with a message for people, when the registry
// has no such type (NoService) or the host refuses the service.
AddServiceResult<Service> addWorker(Host &host, const WorkerConfig &worker,
                                    const WorkerRegistry &registry);

} // namespace workhost
