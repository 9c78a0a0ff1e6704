#include "gui/demo/runreport.h"

#include <QLabel>

namespace workhost {

QString RunReport::milliseconds(double ms)
{
    return tr("%1 ms").arg(ms, 0, 'f', ms < 10 ? 1 : 0);
}

QString RunReport::summary(const DemoRunResult &result, bool concurrent)
{
    const QString wall = milliseconds(result.wallMs);
    if (result.cancelled)
        return tr("Cancelled after %1.").arg(wall);
    if (concurrent)
        return tr("Done in %1; the UI thread was never late by more than %2.")
            .arg(wall, milliseconds(result.worstLatencyMs));
    return tr("Done in %1; the window was frozen for %2.")
        .arg(wall, milliseconds(result.worstLatencyMs));
}

void RunReport::show(const DemoRunResult &result, QLabel *wall, QLabel *worst, QLabel *p99)
{
    if (!result.valid) {
        for (QLabel *label : {wall, worst, p99})
            label->setText(tr("not run yet"));
        return;
    }
    wall->setText(result.cancelled ? tr("%1 (cancelled)").arg(milliseconds(result.wallMs))
                                   : milliseconds(result.wallMs));
    worst->setText(milliseconds(result.worstLatencyMs));
    p99->setText(milliseconds(result.p99LatencyMs));
}

QString RunReport::speedup(const DemoRunResult &uiThread, const DemoRunResult &concurrent)
{
    if (!concurrent.valid || concurrent.cancelled || concurrent.wallMs <= 0)
        return tr("Speedup over one core: needs a completed Qt Concurrent run.");
    // Measured when the UI thread rendered the same image (on one core, by
    // construction); otherwise estimated from the CPU time the bands took on
    // the pool threads, which is what one core would have had to spend.
    const bool measured = uiThread.valid && uiThread.workload == concurrent.workload;
    const double baselineMs = measured ? uiThread.wallMs : concurrent.cpuMs;
    QString text =
        measured ? tr("Speedup over one core: %1×, measured against the UI-thread run (%2).")
                 : tr("Speedup over one core: about %1×, estimated from the bands' summed CPU "
                      "time (%2); run it on the UI thread to measure it.");
    text = text.arg(baselineMs / concurrent.wallMs, 0, 'f', 2).arg(milliseconds(baselineMs));
    if (concurrent.pausedMs > 0)
        text +=
            tr(" Approximate: the run was paused for %1.").arg(milliseconds(concurrent.pausedMs));
    return text;
}

} // namespace workhost
