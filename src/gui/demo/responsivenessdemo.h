#pragma once

#include "gui/demo/mandelbrot.h"
#include "gui/demo/runresult.h"
#include "gui/demo/timedband.h"
#include "gui/latencyprobe.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QImage>
#include <QThreadPool>
#include <QWidget>

#include <array>
#include <memory>

namespace Ui {
class ResponsivenessDemo;
}

namespace workhost {

// The "Responsiveness" tab: why background work matters, measured. One
// Mandelbrot render (several seconds of CPU by default) runs either
//  - on the UI thread, inside the click handler: the window freezes; or
//  - with Qt Concurrent, its row bands mapped over a thread pool: the window
//    stays responsive, with progress, Pause/Resume and Cancel.
// For each kind of run it shows the wall time, the worst and p99 lateness of
// a 5 ms LatencyProbe on the UI thread during the run, and the speedup of the
// concurrent run over one core.
//
//     auto *demo = new ResponsivenessDemo;
//     tabs->addTab(demo, demo->windowTitle()); // "Responsiveness"
//
// Owner: its parent widget. Lives on the GUI thread. Only the bands are
// rendered on pool threads, and they touch nothing of this object: they get
// the workload by value and return pixels, which are assembled into the image
// here. Destroying it mid-run cancels the run and waits for the bands in
// flight.
//
// The bands run on a thread pool of its own, never the global one: Qt 6.4's
// raster engine splits large fills into pieces for QThreadPool::globalInstance()
// and waits for them, so a global pool busy with (or paused in) the render
// would freeze every repaint until the render ends.
//
// Emits runFinished() exactly once per run (none if destroyed first), after
// the image and the results were updated: for a UI-thread run on the first
// event loop pass after the thaw (so that its latency includes the freeze),
// for a concurrent run when its future has finished, completed or cancelled.
//
// The Qt Concurrent pattern is all in responsivenessdemo.cpp: runConcurrently()
// (QtConcurrent::mapped on a pool, a QFutureWatcher for progress and the end),
// togglePause() and cancel() (suspend, resume, cancel through the watcher),
// finishConcurrentRun() (the results, in order) and the destructor (cancel and
// wait). What is not the pattern lives beside it: the computation
// (mandelbrot.h, timedband.h), the words for the results (runreport.h), the
// picture (scaledimagelabel.h).
class ResponsivenessDemo : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponsivenessDemo)

public:
    using RunResult = DemoRunResult;

    explicit ResponsivenessDemo(QWidget *parent = nullptr);
    ~ResponsivenessDemo() override;

    // The image size and the iteration limit of the next runs (tests use a
    // tiny one). A run in progress keeps the workload it started with.
    void setWorkload(int width, int height, int maxIterations);
    MandelbrotParams workload() const { return m_params; }

    bool isRunning() const { return m_state != State::Idle; }
    // Pause was clicked and not resumed: no new band starts, those in flight finish.
    bool isPaused() const { return m_paused; }
    RunResult lastResult(bool concurrent) const;
    // The last completed render at full size (the label shows it scaled to fit).
    QImage image() const;

Q_SIGNALS:
    void runFinished(bool concurrent, double wallMs, double worstLatencyMs, bool cancelled);

private:
    enum class State { Idle, RunningOnUiThread, RunningConcurrently };

    void runOnUiThread();
    void runConcurrently();
    void togglePause();
    void cancel();
    void finishConcurrentRun();

    void beginRun(State state);
    void finishRun(double wallMs, double cpuMs, bool cancelled);
    void showLatency(double lateMs);
    void showResults();
    void updateControls();

    std::unique_ptr<Ui::ResponsivenessDemo> m_ui;
    MandelbrotParams m_params;
    State m_state = State::Idle;
    MandelbrotParams m_runParams; // the workload of the run in progress
    QElapsedTimer m_runClock;
    QElapsedTimer m_pauseClock;
    double m_pausedMs = 0;
    bool m_paused = false;
    bool m_cancelling = false;
    QThreadPool m_pool; // idealThreadCount() threads
    QFutureWatcher<TimedBand> m_watcher;
    LatencyProbe m_probe;
    std::array<RunResult, 2> m_results; // [0] UI thread, [1] Qt Concurrent
};

} // namespace workhost
