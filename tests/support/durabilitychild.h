#pragma once

// A child process for the shutdown durability tests, leaving the way main()
// does: three NumberedLineWorkers log into a rotating file log (small files,
// so it rotates) for `runMs`, then the host stops under a 300 ms deadline.
//  mode "normal":   every worker returns; the process returns from main.
//  mode "deadline": one more worker, "stuck", never returns and logs on; the
//                   host abandons it and finishProcess() leaves (exit code 3).
// The last number each worker wrote is printed on stdout as "last.<name>=N";
// for "stuck", the last one written before finishProcess() began.
// Run it as: <test executable> --durability-child <directory> <mode> <runMs>

#include "support/childhostrun.h"
#include "support/durabilityworker.h"
#include "support/faultchildreport.h"
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/processexit.h>

#include <QCoreApplication>

#include <map>

namespace workhost::test {

inline bool isDurabilityChild(int argc, char *argv[])
{
    return argc > 4 && qstrcmp(argv[1], "--durability-child") == 0;
}

inline QStringList durableWorkerNames()
{
    return {"numbered-1", "numbered-2", "numbered-3"};
}

inline int runDurabilityChild(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool abandon = qstrcmp(argv[3], "deadline") == 0;
    LogOptions logOptions;
    logOptions.fileDirectory = QString::fromLocal8Bit(argv[2]);
    logOptions.maxFileSize = 64 * 1024;
    logOptions.maxFiles = 1000;
    LogPipeline logging(logOptions);

    HostOptions options;
    options.shutdownTimeout = std::chrono::milliseconds(300);
    auto host = std::make_unique<Host>(options);
    std::map<QString, std::shared_ptr<std::atomic<qint64>>> lastWritten;
    const auto add = [&](const QString &name, NumberedLineWorker::OnStop onStop) {
        lastWritten[name] = std::make_shared<std::atomic<qint64>>(0);
        host->addService(std::make_unique<NumberedLineWorker>(name, onStop, lastWritten[name]));
    };
    if (abandon)
        add(QStringLiteral("stuck"), NumberedLineWorker::OnStop::KeepLogging);
    for (const QString &name : durableWorkerNames())
        add(name, NumberedLineWorker::OnStop::Return);

    const int code = runHostAndStopAfter(app, std::move(host), QByteArray(argv[4]).toInt());
    for (const auto &[name, last] : lastWritten)
        reportToParent("last." + name, QString::number(last->load()));
    return finishProcess(code);
}

} // namespace workhost::test
