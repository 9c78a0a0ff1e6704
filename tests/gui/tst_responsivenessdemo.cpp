#include "gui/demo/mandelbrot.h"
#include "gui/demo/responsivenessdemo.h"
#include "gui/latencyprobe.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>

#include <time.h>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr int HeavyWidth = 480;
constexpr int HeavyHeight = 320;
constexpr int RunTimeoutMs = 120'000; // sanitizer builds on a loaded machine

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// The CPU time of rendering `params` whole on this thread (not wall time: the
// machine may be busy with other work).
double renderCpuMs(const MandelbrotParams &params)
{
    const double before = threadCpuMs();
    for (const RowBand band : splitIntoBands(params.height, 8))
        renderBand(params, band);
    return threadCpuMs() - before;
}

// The iterations of a HeavyWidth x HeavyHeight concurrent run of at least
// about 600 ms on this machine, in this build: 600 ms of CPU for each of the
// demo's idealThreadCount() threads. A fixed count took 2 s of CPU in a Debug
// build but under 200 ms in a Release one: too short to pause, cancel or
// measure. Found by timing whole renders on this thread, doubling the
// iterations until one takes a tenth of the CPU wanted, then scaling (by then
// the set's interior, whose cost grows with the iterations, is most of it).
// Measured once per run of the test.
int heavyIterations()
{
    static const int iterations = [] {
        const double wantedCpuMs = 600.0 * std::max(1, QThread::idealThreadCount());
        MandelbrotParams params;
        params.width = HeavyWidth;
        params.height = HeavyHeight;
        params.maxIterations = 25;
        double cpuMs = renderCpuMs(params);
        while (cpuMs < wantedCpuMs / 10 && params.maxIterations < 10'000'000) {
            params.maxIterations *= 2;
            cpuMs = renderCpuMs(params);
        }
        const double scaled = params.maxIterations * wantedCpuMs / std::max(cpuMs, 1.0);
        return static_cast<int>(std::min(scaled, 100'000'000.0));
    }();
    return iterations;
}

QPushButton *button(const ResponsivenessDemo &demo, const char *name)
{
    return demo.findChild<QPushButton *>(QLatin1String(name));
}

QProgressBar *progressBar(const ResponsivenessDemo &demo)
{
    return demo.findChild<QProgressBar *>(QStringLiteral("progressBar"));
}

void click(const ResponsivenessDemo &demo, const char *name)
{
    QTest::mouseClick(button(demo, name), Qt::LeftButton);
}

// Which buttons are enabled, in the form's order, e.g. "run, concurrent".
QString enabledButtons(const ResponsivenessDemo &demo)
{
    QStringList enabled;
    for (const char *name :
         {"runOnUiThreadButton", "runConcurrentButton", "pauseButton", "cancelButton"}) {
        if (button(demo, name)->isEnabled())
            enabled << QLatin1String(name);
    }
    return enabled.join(QStringLiteral(", "));
}

// Pause lets the bands in flight finish: waits until the progress bar has not
// moved for `still` (a running render moves it every few tens of ms).
bool progressHoldsStill(const QProgressBar *bar, std::chrono::milliseconds still)
{
    int last = bar->value();
    QElapsedTimer sinceChange;
    sinceChange.start();
    return QTest::qWaitFor(
        [&] {
            if (bar->value() != last) {
                last = bar->value();
                sinceChange.restart();
            }
            return sinceChange.elapsed() >= still.count();
        },
        RunTimeoutMs);
}

const QString IdleButtons = QStringLiteral("runOnUiThreadButton, runConcurrentButton");
const QString ConcurrentRunButtons = QStringLiteral("pauseButton, cancelButton");

} // namespace

class TestResponsivenessDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bandsCoverEveryRowOnce_data()
    {
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("rowsPerBand");
        QTest::addColumn<int>("bands");
        QTest::addColumn<int>("lastBandRows");

        QTest::newRow("exact") << 64 << 8 << 8 << 8;
        QTest::newRow("short last band") << 100 << 8 << 13 << 4;
        QTest::newRow("one row") << 1 << 8 << 1 << 1;
        QTest::newRow("default image") << 640 << 8 << 80 << 8;
    }

    void bandsCoverEveryRowOnce()
    {
        QFETCH(int, height);
        QFETCH(int, rowsPerBand);
        QFETCH(int, bands);
        QFETCH(int, lastBandRows);

        const std::vector<RowBand> split = splitIntoBands(height, rowsPerBand);
        QCOMPARE(int(split.size()), bands);
        QCOMPARE(split.back().rowCount, lastBandRows);
        int nextRow = 0;
        for (const RowBand band : split) {
            QCOMPARE(band.firstRow, nextRow);
            nextRow += band.rowCount;
        }
        QCOMPARE(nextRow, height);
    }

    void concurrentRunMatchesUiThreadRun_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("maxIterations");

        QTest::newRow("small") << QSize(160, 100) << 200;
        QTest::newRow("odd sizes") << QSize(301, 17) << 150;
        QTest::newRow("one row") << QSize(50, 1) << 100;
    }

    void concurrentRunMatchesUiThreadRun()
    {
        QFETCH(QSize, size);
        QFETCH(int, maxIterations);

        ResponsivenessDemo demo;
        demo.setWorkload(size.width(), size.height(), maxIterations);
        demo.show();
        QVERIFY(QTest::qWaitForWindowExposed(&demo));
        QVERIFY(demo.image().isNull());
        QSignalSpy finished(&demo, &ResponsivenessDemo::runFinished);
        QSignalSpy progress(progressBar(demo), &QProgressBar::valueChanged);

        click(demo, "runConcurrentButton");
        QCOMPARE(enabledButtons(demo), ConcurrentRunButtons);
        QVERIFY(finished.wait(RunTimeoutMs));
        const QList<QVariant> concurrentRun = finished.takeFirst();
        QCOMPARE(concurrentRun.at(0).toBool(), true);
        QCOMPARE(concurrentRun.at(3).toBool(), false);
        QCOMPARE(enabledButtons(demo), IdleButtons);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progressBar(demo)->maximum(), (size.height() + 7) / 8);
        QCOMPARE(progressBar(demo)->value(), progressBar(demo)->maximum());
        const QImage concurrentImage = demo.image();
        QCOMPARE(concurrentImage.size(), size);

        const auto *label = demo.findChild<QLabel *>(QStringLiteral("imageLabel"));
        const QPixmap pixmap = label->pixmap();
        QVERIFY(!pixmap.isNull());
        QCOMPARE(pixmap.deviceIndependentSize().toSize(),
                 size.scaled(label->contentsRect().size(), Qt::KeepAspectRatio));

        click(demo, "runOnUiThreadButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        const QList<QVariant> uiRun = finished.takeFirst();
        QCOMPARE(uiRun.at(0).toBool(), false);
        QCOMPARE(uiRun.at(3).toBool(), false);
        QCOMPARE(enabledButtons(demo), IdleButtons);
        QVERIFY(demo.image().cacheKey() != concurrentImage.cacheKey()); // a new image...
        QCOMPARE(demo.image(), concurrentImage);                        // ...with the same pixels
    }

    // During a concurrent run the window's thread keeps answering a 5 ms
    // timer; during a UI-thread run of the same work it does not. Compared
    // with each other, not with a fixed figure: on a loaded two-core machine a
    // p99 of 50 ms (the figure of the issue that built the demo) failed now
    // and then in a Release build, and more under sanitizers. The figures
    // themselves belong in a benchmark (bench_ui).
    void uiStaysResponsiveDuringConcurrentRun()
    {
        ResponsivenessDemo demo;
        demo.show();
        QVERIFY(QTest::qWaitForWindowExposed(&demo));
        QSignalSpy finished(&demo, &ResponsivenessDemo::runFinished);
        // A small run first: the first paint of each widget state, glyph and
        // scaled image costs a one-off page-in that the bound is not about.
        demo.setWorkload(120, 80, 100);
        click(demo, "runConcurrentButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        finished.clear();

        demo.setWorkload(HeavyWidth, HeavyHeight, heavyIterations());
        QSet<int> progressValues;
        connect(progressBar(demo), &QProgressBar::valueChanged, this,
                [&progressValues](int value) { progressValues.insert(value); });
        LatencyProbe probe(5ms);

        probe.start();
        click(demo, "runConcurrentButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        probe.stop();

        QVERIFY(!demo.lastResult(true).cancelled);
        QVERIFY2(probe.sampleCount() >= 40,
                 qPrintable(QStringLiteral("only %1 samples: the run was too short to mean much")
                                .arg(probe.sampleCount())));
        QVERIFY2(progressValues.size() >= 3, "the progress bar moved during the run");

        // The same work on the window's thread freezes it for the whole run.
        click(demo, "runOnUiThreadButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        const double frozenMs = demo.lastResult(false).worstLatencyMs;
        QVERIFY2(probe.percentile(99) * 5 < frozenMs,
                 qPrintable(QStringLiteral("concurrent run: p99 %1 ms, worst %2 ms over %3 "
                                           "samples; the UI-thread run froze it for %4 ms")
                                .arg(probe.percentile(99))
                                .arg(probe.worst())
                                .arg(probe.sampleCount())
                                .arg(frozenMs)));
    }

    void cancelEndsRunAsCancelled_data()
    {
        QTest::addColumn<bool>("pausedFirst");

        QTest::newRow("running") << false;
        QTest::newRow("paused") << true;
    }

    void cancelEndsRunAsCancelled()
    {
        QFETCH(bool, pausedFirst);

        ResponsivenessDemo demo;
        demo.setWorkload(HeavyWidth, HeavyHeight, heavyIterations());
        demo.show();
        QVERIFY(QTest::qWaitForWindowExposed(&demo));
        QSignalSpy finished(&demo, &ResponsivenessDemo::runFinished);

        click(demo, "runConcurrentButton");
        if (pausedFirst) {
            click(demo, "pauseButton");
            QVERIFY(progressHoldsStill(progressBar(demo), 300ms));
        }
        click(demo, "cancelButton");
        QCOMPARE(enabledButtons(demo), QString()); // until the bands in flight are done
        QVERIFY(finished.wait(RunTimeoutMs));

        const QList<QVariant> run = finished.takeFirst();
        QCOMPARE(run.at(0).toBool(), true);
        QCOMPARE(run.at(3).toBool(), true);
        QVERIFY(demo.lastResult(true).cancelled);
        QVERIFY(!demo.isRunning());
        QCOMPARE(enabledButtons(demo), IdleButtons);
        QCOMPARE(button(demo, "pauseButton")->text(), QStringLiteral("&Pause"));
        QVERIFY(progressBar(demo)->value() < progressBar(demo)->maximum());
        QVERIFY(demo.image().isNull());
    }

    void pauseHoldsProgressUntilResume()
    {
        ResponsivenessDemo demo;
        demo.setWorkload(HeavyWidth, HeavyHeight, heavyIterations());
        demo.show();
        QVERIFY(QTest::qWaitForWindowExposed(&demo));
        QSignalSpy finished(&demo, &ResponsivenessDemo::runFinished);
        QProgressBar *bar = progressBar(demo);

        click(demo, "runConcurrentButton");
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, RunTimeoutMs);
        click(demo, "pauseButton");
        QCOMPARE(button(demo, "pauseButton")->text(), QStringLiteral("&Resume"));
        QVERIFY(demo.isPaused());
        QVERIFY(progressHoldsStill(bar, 300ms));
        QVERIFY(finished.isEmpty());
        QVERIFY(bar->value() < bar->maximum());
        QCOMPARE(enabledButtons(demo), ConcurrentRunButtons);

        click(demo, "pauseButton");
        QCOMPARE(button(demo, "pauseButton")->text(), QStringLiteral("&Pause"));
        QVERIFY(!demo.isPaused());
        QVERIFY(finished.wait(RunTimeoutMs));

        const ResponsivenessDemo::RunResult result = demo.lastResult(true);
        QVERIFY(!result.cancelled);
        QVERIFY(result.pausedMs >= 300);
        QCOMPARE(bar->value(), bar->maximum());
        QCOMPARE(demo.image().size(), QSize(HeavyWidth, HeavyHeight));
    }

    void speedupSaysHowItWasObtained()
    {
        ResponsivenessDemo demo;
        demo.setWorkload(120, 80, 200);
        QSignalSpy finished(&demo, &ResponsivenessDemo::runFinished);
        const auto *speedup = demo.findChild<QLabel *>(QStringLiteral("speedupLabel"));

        click(demo, "runConcurrentButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        QVERIFY2(speedup->text().contains(QStringLiteral("estimated")),
                 qPrintable(speedup->text()));
        QVERIFY(demo.lastResult(true).cpuMs > 0);

        click(demo, "runOnUiThreadButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        QVERIFY2(speedup->text().contains(QStringLiteral("measured against the UI-thread run")),
                 qPrintable(speedup->text()));

        // Another workload's UI-thread run is no baseline.
        demo.setWorkload(100, 80, 200);
        click(demo, "runConcurrentButton");
        QVERIFY(finished.wait(RunTimeoutMs));
        QVERIFY2(speedup->text().contains(QStringLiteral("estimated")),
                 qPrintable(speedup->text()));
    }

    void destroyingMidRunDoesNotCrash_data()
    {
        QTest::addColumn<QString>("when");

        QTest::newRow("concurrent run") << QStringLiteral("running");
        QTest::newRow("paused run") << QStringLiteral("paused");
        QTest::newRow("UI-thread run before its thaw tick") << QStringLiteral("thawing");
    }

    void destroyingMidRunDoesNotCrash()
    {
        QFETCH(QString, when);

        auto demo = std::make_unique<ResponsivenessDemo>();
        demo->setWorkload(HeavyWidth, HeavyHeight, heavyIterations());
        demo->show();
        QVERIFY(QTest::qWaitForWindowExposed(demo.get()));
        if (when == QLatin1String("thawing")) {
            demo->setWorkload(60, 40, 100);
            click(*demo, "runOnUiThreadButton");
        } else {
            click(*demo, "runConcurrentButton");
            QTRY_VERIFY_WITH_TIMEOUT(progressBar(*demo)->value() > 0, RunTimeoutMs);
        }
        if (when == QLatin1String("paused"))
            click(*demo, "pauseButton");
        QVERIFY(demo->isRunning());

        demo.reset();
        // The events the run had posted to the window that is gone are harmless.
        QCoreApplication::sendPostedEvents();
    }
};

QTEST_MAIN(TestResponsivenessDemo)
#include "tst_responsivenessdemo.moc"
