#include "gui/demo/timedband.h"

#include <time.h>

namespace workhost {

namespace {

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

} // namespace

TimedBand renderTimedBand(const MandelbrotParams &params, RowBand band)
{
    const double start = threadCpuMs();
    BandPixels pixels = renderBand(params, band);
    return {std::move(pixels), threadCpuMs() - start};
}

} // namespace workhost
