#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace workhost {

// Measures how late the event loop of the thread it lives on runs a timer:
// a precise timer asks to fire every `interval`; each tick's lateness (the
// time past its due moment) is one sample. A frozen thread shows as one very
// late tick when it thaws.
//
// Owner: its parent (the window, a test or a benchmark); lives on the thread
// to measure. Emits sampled(lateMs) on that thread after each tick.
class LatencyProbe : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyProbe)

public:
    explicit LatencyProbe(std::chrono::milliseconds interval, QObject *parent = nullptr);

    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // Samples since the last reset(), in milliseconds.
    void reset();
    int sampleCount() const { return static_cast<int>(m_samples.size()); }
    double percentile(double p) const; // p in [0, 100]; 0 without samples
    double worst() const { return m_worst; }
    double last() const { return m_last; }

Q_SIGNALS:
    void sampled(double lateMs);

private:
    void onTick();

    const std::chrono::milliseconds m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_dueNs = 0;
    std::vector<double> m_samples;
    double m_worst = 0;
    double m_last = 0;
};

} // namespace workhost
