#pragma once

// The registry of every standard worker type, built once for a test.

#include "core/config/workerregistry.h"
#include "workers/standardworkers.h"

namespace workhost::test {

inline const WorkerRegistry &standardRegistry()
{
    static const WorkerRegistry registry = [] {
        WorkerRegistry r;
        registerStandardWorkers(r);
        return r;
    }();
    return registry;
}

} // namespace workhost::test
