#include "gui/demo/responsivenessdemo.h"

#include "gui/demo/runreport.h"
#include "ui_responsivenessdemo.h"

#include <QThread>
#include <QtConcurrent>

namespace workhost {

namespace {

using namespace std::chrono_literals;

constexpr auto ProbeInterval = 5ms;
// Small enough that the pool balances the uneven rows (the set's interior
// costs the most), big enough that a band is worth a task.
constexpr int RowsPerBand = 8;

double elapsedMs(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

int bandCount(const MandelbrotParams &params)
{
    return static_cast<int>(splitIntoBands(params.height, RowsPerBand).size());
}

} // namespace

ResponsivenessDemo::ResponsivenessDemo(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ResponsivenessDemo>())
    , m_probe(ProbeInterval)
{
    m_ui->setupUi(this);
    m_ui->threadsLabel->setText(tr("Qt Concurrent renders on the demo's own thread pool: %1 "
                                   "threads (QThread::idealThreadCount() is %2).")
                                    .arg(m_pool.maxThreadCount())
                                    .arg(QThread::idealThreadCount()));

    connect(m_ui->runOnUiThreadButton, &QPushButton::clicked, this,
            &ResponsivenessDemo::runOnUiThread);
    connect(m_ui->runConcurrentButton, &QPushButton::clicked, this,
            &ResponsivenessDemo::runConcurrently);
    connect(m_ui->pauseButton, &QPushButton::clicked, this, &ResponsivenessDemo::togglePause);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ResponsivenessDemo::cancel);

    connect(&m_watcher, &QFutureWatcherBase::progressRangeChanged, m_ui->progressBar,
            &QProgressBar::setRange);
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, m_ui->progressBar,
            &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcherBase::finished, this,
            &ResponsivenessDemo::finishConcurrentRun);
    connect(&m_probe, &LatencyProbe::sampled, this, &ResponsivenessDemo::showLatency);

    setWorkload(m_params.width, m_params.height, m_params.maxIterations);
    showResults();
    updateControls();
}

ResponsivenessDemo::~ResponsivenessDemo()
{
    // The bands hold nothing of ours, but they would keep the pool busy for a
    // window that is gone. Cancelling also wakes a paused run; the bands in
    // flight finish within one band's time.
    m_watcher.cancel();
    m_watcher.waitForFinished();
}

void ResponsivenessDemo::setWorkload(int width, int height, int maxIterations)
{
    Q_ASSERT(width > 0 && height > 0 && maxIterations > 0);
    m_params.width = width;
    m_params.height = height;
    m_params.maxIterations = maxIterations;
    m_ui->workloadLabel->setText(
        tr("Workload: %1 × %2 pixels, up to %3 iterations each, in %4 bands of %5 rows.")
            .arg(width)
            .arg(height)
            .arg(maxIterations)
            .arg(bandCount(m_params))
            .arg(RowsPerBand));
}

ResponsivenessDemo::RunResult ResponsivenessDemo::lastResult(bool concurrent) const
{
    return m_results[concurrent ? 1 : 0];
}

QImage ResponsivenessDemo::image() const
{
    return m_ui->imageLabel->image();
}

void ResponsivenessDemo::runOnUiThread()
{
    beginRun(State::RunningOnUiThread);
    // Deliberately inside the click handler: no event is handled, nothing is
    // repainted, until the last band is done.
    QList<BandPixels> bands;
    for (const RowBand band : splitIntoBands(m_runParams.height, RowsPerBand))
        bands.append(renderBand(m_runParams, band));
    m_ui->imageLabel->setImage(assembleImage(m_runParams, bands));
    m_ui->progressBar->setValue(m_ui->progressBar->maximum());
    const double wallMs = elapsedMs(m_runClock);

    // The probe's tick was due 5 ms after the click. It fires on the first
    // event loop pass after the thaw, and its lateness is the freeze: only
    // then is the run over.
    connect(
        &m_probe, &LatencyProbe::sampled, this, [this, wallMs] { finishRun(wallMs, 0, false); },
        Qt::SingleShotConnection);
}

void ResponsivenessDemo::runConcurrently()
{
    beginRun(State::RunningConcurrently);
    const MandelbrotParams params = m_runParams;
    const std::vector<RowBand> bands = splitIntoBands(params.height, RowsPerBand);
    // The watcher was connected in the constructor, before any future was set:
    // no progress and no finish can be missed.
    m_watcher.setFuture(QtConcurrent::mapped(
        &m_pool, bands, [params](RowBand band) { return renderTimedBand(params, band); }));
    m_ui->statusLabel->setText(tr("Rendering %1 bands on the thread pool; the window stays "
                                  "responsive.")
                                   .arg(bands.size()));
}

// Paused means "no new band starts" from the click on. QFutureWatcher's
// suspended() is not waited for: in Qt 6.4, a mapped future paused while a
// pool thread is between two bands stays "suspending" for good.
void ResponsivenessDemo::togglePause()
{
    Q_ASSERT(m_state == State::RunningConcurrently && !m_cancelling);
    m_paused = !m_paused;
    if (m_paused) {
        m_pauseClock.start();
        m_watcher.suspend();
        m_ui->statusLabel->setText(tr("Paused: no new band starts; those in flight finish."));
    } else {
        m_pausedMs += elapsedMs(m_pauseClock);
        m_watcher.resume();
        m_ui->statusLabel->setText(tr("Rendering again."));
    }
    updateControls();
}

void ResponsivenessDemo::cancel()
{
    Q_ASSERT(m_state == State::RunningConcurrently);
    m_cancelling = true;
    m_watcher.cancel();
    m_ui->statusLabel->setText(tr("Cancelling: the bands in flight finish first…"));
    updateControls();
}

void ResponsivenessDemo::finishConcurrentRun()
{
    Q_ASSERT(m_state == State::RunningConcurrently);
    if (m_paused) // cancelled while paused
        m_pausedMs += elapsedMs(m_pauseClock);
    const QFuture<TimedBand> future = m_watcher.future();
    if (future.isCanceled()) {
        finishRun(elapsedMs(m_runClock) - m_pausedMs, 0, true);
        return;
    }
    QList<TimedBand> results = future.results();
    QList<BandPixels> bands;
    bands.reserve(results.size());
    double cpuMs = 0;
    for (TimedBand &band : results) {
        cpuMs += band.cpuMs;
        bands.append(std::move(band.pixels));
    }
    m_ui->imageLabel->setImage(assembleImage(m_runParams, bands));
    finishRun(elapsedMs(m_runClock) - m_pausedMs, cpuMs, false);
}

void ResponsivenessDemo::beginRun(State state)
{
    Q_ASSERT(m_state == State::Idle && state != State::Idle);
    m_state = state;
    m_runParams = m_params;
    m_pausedMs = 0;
    m_paused = false;
    m_cancelling = false;
    m_ui->progressBar->setRange(0, bandCount(m_runParams));
    m_ui->progressBar->setValue(0);
    updateControls();
    m_probe.reset();
    m_probe.start();
    m_runClock.start();
}

void ResponsivenessDemo::finishRun(double wallMs, double cpuMs, bool cancelled)
{
    Q_ASSERT(m_state != State::Idle);
    const bool concurrent = m_state == State::RunningConcurrently;
    m_probe.stop();
    RunResult &result = m_results[concurrent ? 1 : 0];
    result = {.valid = true,
              .cancelled = cancelled,
              .workload = m_runParams,
              .wallMs = wallMs,
              .pausedMs = m_pausedMs,
              .cpuMs = cpuMs,
              .worstLatencyMs = m_probe.worst(),
              .p99LatencyMs = m_probe.percentile(99),
              .latencySamples = m_probe.sampleCount()};
    m_state = State::Idle;
    m_paused = false;
    m_cancelling = false;

    m_ui->statusLabel->setText(RunReport::summary(result, concurrent));
    showResults();
    updateControls();
    Q_EMIT runFinished(concurrent, wallMs, result.worstLatencyMs, cancelled);
}

void ResponsivenessDemo::showLatency(double lateMs)
{
    m_ui->latencyLabel->setText(
        tr("UI thread latency now: %1; worst in this run: %2.")
            .arg(RunReport::milliseconds(lateMs), RunReport::milliseconds(m_probe.worst())));
}

void ResponsivenessDemo::showResults()
{
    RunReport::show(m_results[0], m_ui->uiWallTimeLabel, m_ui->uiWorstLatencyLabel,
                    m_ui->uiP99LatencyLabel);
    RunReport::show(m_results[1], m_ui->concurrentWallTimeLabel, m_ui->concurrentWorstLatencyLabel,
                    m_ui->concurrentP99LatencyLabel);
    m_ui->speedupLabel->setText(RunReport::speedup(m_results[0], m_results[1]));
}

void ResponsivenessDemo::updateControls()
{
    const bool idle = m_state == State::Idle;
    const bool steerable = m_state == State::RunningConcurrently && !m_cancelling;
    m_ui->runOnUiThreadButton->setEnabled(idle);
    m_ui->runConcurrentButton->setEnabled(idle);
    m_ui->pauseButton->setEnabled(steerable);
    m_ui->cancelButton->setEnabled(steerable);
    m_ui->pauseButton->setText(m_paused ? tr("&Resume") : tr("&Pause"));
}

} // namespace workhost
