#pragma once

// A child process for the never-returning worker: its thread outlives the
// host, so the test runs it here and reads the outcome. A FaultBench hosts
// "hang" (a NeverReturningWorker, registered first so that it is asked to stop
// last) and the bystanders; the host stops under a `deadlineMs` deadline; then
// the process leaves through finishProcess() (exit code 3).
// Logs go to <directory>/workhost.log. The outcome is printed on stdout as
// "key=value" lines, read with readChildReport().
// Run it as: <test executable> --deadline-child <directory> <deadlineMs>

#include "support/faultbench.h"
#include "support/faultchildreport.h"
#include "support/faultworkers.h"
#include <workhost/runtime/processexit.h>

#include <QApplication>
#include <QElapsedTimer>

namespace workhost::test {

inline bool isDeadlineChild(int argc, char *argv[])
{
    return argc > 3 && qstrcmp(argv[1], "--deadline-child") == 0;
}

inline int runDeadlineChild(int argc, char *argv[])
{
    QApplication app(argc, argv); // the table's state icons need a GUI application
    LogOptions logOptions;
    logOptions.fileDirectory = QString::fromLocal8Bit(argv[2]);
    LogPipeline logging(logOptions);
    HostOptions options;
    options.shutdownTimeout = std::chrono::milliseconds(QByteArray(argv[3]).toInt());

    auto bench = std::make_unique<FaultBench>(logging, options, FaultBench::Reporting::Fatal);
    bench->host.addService(std::make_unique<NeverReturningWorker>("hang"));
    bench->addBystanders();
    reportToParent("started", bench->start() ? "yes" : "no");
    reportToParent("progress", bench->bystandersProgress());

    QElapsedTimer clock;
    clock.start();
    bench->host.stop();
    const bool stopped =
        bench->waitForTransition([&] { return bench->host.state() == HostState::Stopped; }, 30000);
    reportToParent("stopped", stopped ? "yes" : "no");
    reportToParent("shutdown-ms", QString::number(clock.elapsed()));
    for (const ServiceStatus &status : bench->host.statuses())
        reportToParent("state." + status.name, enumName(status.state));
    reportToParent("models", bench->modelsAgree());
    const int code = bench->host.exitCode();
    bench.reset(); // the host gives up on the thread that never returned
    reportToParent("abandoned", QString::number(Host::abandonedThreadCount()));
    return finishProcess(code);
}

} // namespace workhost::test
