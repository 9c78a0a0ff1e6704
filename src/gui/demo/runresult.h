#pragma once

#include "gui/demo/mandelbrot.h"

namespace workhost {

// What one run of the Responsiveness tab measured: a plain value, kept by
// the tab for the last run of each kind (UI thread, Qt Concurrent).
struct DemoRunResult
{
    bool valid = false; // false until a run of this kind has finished
    bool cancelled = false;
    MandelbrotParams workload;
    double wallMs = 0;   // from the click to the assembled image, less the time paused
    double pausedMs = 0; // from each Pause click to its Resume click
    double cpuMs = 0;    // the bands' summed thread CPU time (concurrent runs only)
    double worstLatencyMs = 0;
    double p99LatencyMs = 0;
    int latencySamples = 0;
};

} // namespace workhost
