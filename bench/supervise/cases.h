#pragma once

// The three measurements of bench_supervise, each on a fresh manager made by
// the caller. Each returns its Measurement (status "ok" or why not) and leaves
// nothing running: the manager is killed and the run's tagged children swept.

#include "manager.h"
#include "measurement.h"

#include <functional>
#include <memory>

namespace bench {

struct CaseContext
{
    QByteArray tag;  // bench_child's argv[1] for this bench run
    QString workDir; // where go/done/stamp files go
    int rep = 0;
};

// `children` programs print `perChild` lines each as fast as they can.
Measurement measureCapture(Manager &manager, const CaseContext &context, int children,
                           long long perChild);
// One program SIGKILLed after 1.5 s up; time until its next run is up.
Measurement measureCrash(Manager &manager, const CaseContext &context);
// `count` idle programs: start, idle CPU and memory over `idleSeconds`, stop.
Measurement measureScale(Manager &manager, const CaseContext &context, int count,
                         double idleSeconds);

} // namespace bench
