#pragma once

// The measurements of bench_control (issue 16), each on managers it starts
// and kills itself (nothing is left running, also after a failure). Each
// returns Measurements (status "ok" or why not) for the table and --json.

#include "../supervise/measurement.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace bench {

struct ControlBenchSetup
{
    QString workhost;    // the workhost binary
    QString ctl;         // workhost-ctl; empty: that row is skipped
    QString supervisord; // empty: the supervisord rows are skipped
    QString child;       // bench_child
    QByteArray tag;      // bench_child's argv[1] for this run
    QString workDir;     // go/done files
    int workers = 256;
    int samples = 21; // timed commands per tool and repetition
};

// `workers` idle programs under a headless Workhost and, side by side, under
// supervisord: the `status` request's round trip (p50, p99 over 500), attach
// (connect to the full status snapshot), and the wall time of
// `workhost-ctl status` and `supervisorctl status`, alternated.
std::vector<Measurement> measureStatus(const ControlBenchSetup &setup, int rep);

// One program printing `lines` as fast as it can, `clients` following the
// "logs" stream: lines/s delivered to the slowest client, lines not delivered.
Measurement measureFollow(const ControlBenchSetup &setup, int rep, int clients, long long lines);

// One program printing `rate` lines a second for `seconds`, `clients`
// following "logs" from the start: lines/s each client received (the
// slowest and the median), and the lines the host told them it dropped or
// lost. The sustained rate the target means; measureFollow() is the
// burst past every bound.
Measurement measureSustainedFollow(const ControlBenchSetup &setup, int rep, int clients, int rate,
                                   double seconds);

// One program printing `rate` lines a second: the host's CPU (% of one core)
// over windows of `seconds` with no client and with four following "logs",
// alternated `windows` times each; medians.
Measurement measureHostCpu(const ControlBenchSetup &setup, int rep, int rate, double seconds,
                           int windows);

} // namespace bench
