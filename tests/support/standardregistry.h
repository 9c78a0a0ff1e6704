#pragma once

// The registry of every standard worker type, built once for a test.

#include "workers/standardworkers.h"
#include <workhost/config/workerregistry.h>

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
