#include "gui/latencyprobe.h"

#include <algorithm>

namespace workhost {

LatencyProbe::LatencyProbe(std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_interval(interval)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LatencyProbe::onTick);
}

void LatencyProbe::start()
{
    m_clock.start();
    m_dueNs = std::chrono::nanoseconds(m_interval).count();
    m_timer.start(m_interval);
}

void LatencyProbe::stop()
{
    m_timer.stop();
}

void LatencyProbe::reset()
{
    m_samples.clear();
    m_worst = 0;
    m_last = 0;
}

double LatencyProbe::percentile(double p) const
{
    if (m_samples.empty())
        return 0;
    std::vector<double> sorted = m_samples;
    const size_t rank =
        std::min(sorted.size() - 1, static_cast<size_t>(p / 100.0 * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank),
                     sorted.end());
    return sorted[rank];
}

void LatencyProbe::onTick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_last = std::max<double>(0, double(now - m_dueNs) / 1e6);
    m_worst = std::max(m_worst, m_last);
    m_samples.push_back(m_last);
    // Single-shot, re-armed from now: one late tick is one sample, not a burst.
    m_dueNs = now + std::chrono::nanoseconds(m_interval).count();
    m_timer.start(m_interval);
    Q_EMIT sampled(m_last);
}

} // namespace workhost
