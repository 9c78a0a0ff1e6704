#pragma once

#include "gui/demo/runresult.h"

#include <QCoreApplication>
#include <QString>

class QLabel;

namespace workhost {

// The Responsiveness tab's words for what it measured: durations, the
// summary of a finished run, the results table and the speedup. Plain
// functions of DemoRunResult values, on the GUI thread (they fill labels).
class RunReport
{
    Q_DECLARE_TR_FUNCTIONS(RunReport)

public:
    // "4.2 ms", "350 ms": one decimal below 10 ms.
    static QString milliseconds(double ms);
    // The status line once a run has ended ("Done in ...; the window was frozen for ...").
    static QString summary(const DemoRunResult &result, bool concurrent);
    // One column of the results table: "not run yet" until a run of its kind ended.
    static void show(const DemoRunResult &result, QLabel *wall, QLabel *worst, QLabel *p99);
    // The concurrent run's speedup over one core, and how it was obtained:
    // measured against a UI-thread run of the same workload, else estimated
    // from the bands' summed CPU time.
    static QString speedup(const DemoRunResult &uiThread, const DemoRunResult &concurrent);
};

} // namespace workhost
