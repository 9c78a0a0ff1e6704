#include <workhost/runtime/hostassembly.h>

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/service.h>
#include <workhost/logging/logpipeline.h>

namespace workhost {

AddServiceResult<Service> addWorker(Host &host, const WorkerConfig &worker,
                                    const WorkerRegistry &registry)
{
    const WorkerType *type = registry.find(worker.type);
    if (!type) {
        return AddServiceResult<Service>::refused(
            AddServiceRefusal::NoService,
            QStringLiteral("no worker type \"%1\" is known (worker \"%2\")")
                .arg(worker.type, worker.name));
    }
    return host.addService(
        type->create(worker.name, WorkerRegistry::withPathsExpanded(*type, worker.settings)),
        worker.options);
}

std::unique_ptr<Host> assembleHost(const Configuration &config, const WorkerRegistry &registry,
                                   LogPipeline *logging)
{
    if (logging) {
        logging->setLevel(config.logging.level);
        for (auto it = config.logging.levels.cbegin(); it != config.logging.levels.cend(); ++it)
            logging->setServiceLevel(it.key(), it.value());
    }
    auto host = std::make_unique<Host>(config.host);
    for (const WorkerConfig &worker : config.workers) {
        if (worker.enabled)
            addWorker(*host, worker, registry);
    }
    return host;
}

} // namespace workhost
