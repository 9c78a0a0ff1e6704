#include "gui/demo/timedband.h"

#include <workhost/platform/threadcpuclock.h>

namespace workhost {

namespace {

double threadCpuMs(const ThreadCpuClock &clock)
{
    const std::chrono::nanoseconds used = clock.read().value_or(std::chrono::nanoseconds(0));
    return std::chrono::duration<double, std::milli>(used).count();
}

} // namespace

TimedBand renderTimedBand(const MandelbrotParams &params, RowBand band)
{
    const ThreadCpuClock clock = ThreadCpuClock::forCurrentThread();
    const double start = threadCpuMs(clock);
    BandPixels pixels = renderBand(params, band);
    return {std::move(pixels), threadCpuMs(clock) - start};
}

} // namespace workhost
