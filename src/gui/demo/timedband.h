#pragma once

#include "gui/demo/mandelbrot.h"

namespace workhost {

// One band rendered, with the CPU time its thread spent on it: what the
// Responsiveness tab maps over its thread pool, so that the summed time
// estimates what one core would have needed. A plain function on plain
// values: any thread may call it.
struct TimedBand
{
    BandPixels pixels;
    double cpuMs = 0;
};

// Measured with the calling thread's CPU clock (CLOCK_THREAD_CPUTIME_ID).
TimedBand renderTimedBand(const MandelbrotParams &params, RowBand band);

} // namespace workhost
