#pragma once

// The chaos scenario's workers: eight of every catalog type, each set up to
// be busy and to log a lot, as one configuration file (JSON) that goes
// through ConfigLoader and assembleHost() exactly as the application's does.
// Each worker comes with its behaviour: what it does on its own, which
// decides the states it may rest in after a start (see chaosexpectation.h).
// Files and folders live under `root`; the command workers' children carry
// `marker` ("NAME=value") in their environment, so that a leftover is found.

#include <workhost/hosting/hoststates.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QList>
#include <QVariantMap>

namespace workhost::test {

// What a worker does on its own once started.
enum class ChaosBehaviour {
    Steady,     // runs until stopped
    Completes,  // returns on its own and stays Stopped ("completed")
    Cycles,     // ends on its own (completes or throws); its policy starts it again
    MayGiveUp,  // as Cycles, but it can reach its restart limit: GaveUp
    FaultStays, // throws and stays Faulted (FaultPolicy::Ignore)
};

struct ChaosWorker
{
    QString name;
    QString type;
    ChaosBehaviour behaviour = ChaosBehaviour::Steady;
    QVariantMap entry; // its object in the configuration's "workers" list
};

namespace chaosdetail {

inline QVariantMap restartPolicy(double initialBackoff, double factor, double maxBackoff,
                                 int maxRestarts)
{
    return {{"initialBackoff", initialBackoff},
            {"factor", factor},
            {"maxBackoff", maxBackoff},
            {"maxRestarts", maxRestarts},
            {"window", 60.0}};
}

inline ChaosWorker worker(const QString &type, int index, ChaosBehaviour behaviour,
                          const QVariantMap &settings, const QVariantMap &extra = {})
{
    const QString name = QStringLiteral("%1-%2").arg(type).arg(index);
    QVariantMap entry = extra;
    entry.insert("name", name);
    entry.insert("type", type);
    entry.insert("settings", settings);
    return {name, type, behaviour, entry};
}

// A shell script for each command worker: real child processes, output on
// both streams, children left in the background (which only the process
// group kill reaches), a program deaf to SIGTERM, clean and failing exits.
// Those that heed SIGTERM get the application's default grace (10 s), far
// beyond any healthy stop, so a SIGTERM that reaches no one shows.
inline ChaosWorker command(int index, const QString &root, const QByteArray &marker)
{
    struct Script
    {
        const char *text;
        ChaosBehaviour behaviour;
        const char *mode;
        double stopGrace;
        QVariantMap restart;
    };
    const QVariantMap endless = restartPolicy(0.05, 1.0, 0.05, 1000000);
    const Script scripts[] = {
        // A detached grandchild and a background child holding the output pipe.
        {"(sleep 1000 &); sleep 1000 & i=0; while :; do i=$((i+1)); echo \"tick $i\"; "
         "sleep 0.01; done",
         ChaosBehaviour::Steady,
         "continuous",
         10.0,
         {}},
        {"i=0; while :; do i=$((i+1)); echo \"out $i\"; echo \"err $i\" >&2; sleep 0.02; done",
         ChaosBehaviour::Steady,
         "continuous",
         10.0,
         {}},
        // Deaf to SIGTERM (its children inherit that): only SIGKILL ends it.
        {"trap '' TERM; sleep 1000 >/dev/null 2>&1 & while :; do echo deaf; sleep 0.05; done",
         ChaosBehaviour::Steady,
         "continuous",
         0.2,
         {}},
        {"sleep 1000 >/dev/null 2>&1 & i=0; while [ $i -lt 200 ]; do i=$((i+1)); "
         "echo \"burst $i\"; done; exit 0",
         ChaosBehaviour::Cycles, "continuous", 10.0, endless},
        {"echo 'about to fail'; echo failing >&2; sleep 0.05; exit 3", ChaosBehaviour::Cycles,
         "continuous", 10.0, restartPolicy(0.05, 2.0, 0.4, 1000000)},
        {"date +%s%N > data/changing.bin; echo wrote",
         ChaosBehaviour::Steady,
         "interval",
         10.0,
         {}},
        // One line longer than the worker's cut (64 KiB).
        {"head -c 70000 /dev/zero | tr '\\0' x; echo; sleep 0.5; exit 0", ChaosBehaviour::Cycles,
         "continuous", 10.0, endless},
        {"echo 'giving up soon'; exit 1", ChaosBehaviour::MayGiveUp, "continuous", 10.0,
         restartPolicy(0.02, 1.0, 0.02, 3)},
    };
    const Script &script = scripts[index];
    const qsizetype split = marker.indexOf('=');
    QVariantMap settings{
        {"program", "sh"},
        {"arguments", QStringList{"-c", QString::fromLatin1(script.text)}},
        {"workingDirectory", root},
        {"environment", QVariantMap{{QString::fromLatin1(marker.left(split)),
                                     QString::fromLatin1(marker.mid(split + 1))}}},
        {"mode", script.mode},
        {"interval", 0.1},
        {"stopGrace", script.stopGrace},
    };
    QVariantMap extra;
    if (!script.restart.isEmpty())
        extra.insert("restart", script.restart);
    return worker("command", index, script.behaviour, settings, extra);
}

inline void writeFiles(const QString &directory, const QString &pattern, int count, int bytes)
{
    QDir().mkpath(directory);
    for (int i = 0; i < count; ++i) {
        QFile file(QDir(directory).filePath(pattern.arg(i)));
        if (file.open(QIODevice::WriteOnly))
            file.write(QByteArray(bytes, char('a' + i % 26)));
    }
}

} // namespace chaosdetail

// The 64 workers, with the files they work on created under `root`.
inline QList<ChaosWorker> chaosWorkers(const QString &root, const QByteArray &marker)
{
    using namespace chaosdetail;
    using B = ChaosBehaviour;
    const QDir dir(root);
    writeFiles(dir.filePath("data"), QStringLiteral("file-%1.bin"), 20, 8192);
    QDir().mkpath(dir.filePath("manifests"));

    QList<ChaosWorker> workers;
    for (int i = 0; i < 8; ++i)
        workers << worker("heartbeat", i, B::Steady, {{"interval", 0.01 + 0.005 * i}});
    for (int i = 0; i < 8; ++i)
        workers << command(i, root, marker);
    for (int i = 0; i < 8; ++i)
        workers << worker("file-hasher", i, B::Steady,
                          {{"directory", dir.filePath("data")},
                           {"manifest", dir.filePath(QStringLiteral("manifests/%1.sha256").arg(i))},
                           {"interval", 0.1 + 0.05 * i}});
    for (int i = 0; i < 8; ++i) {
        const bool dryRun = i < 4; // logs every file of data/ on every sweep
        const QString trash = dir.filePath(QStringLiteral("trash-%1").arg(i));
        if (!dryRun)
            writeFiles(trash, QStringLiteral("old-%1.tmp"), 5, 100);
        workers << worker("cleanup", i, B::Steady,
                          {{"directory", dryRun ? dir.filePath("data") : trash},
                           {"pattern", dryRun ? "*.bin" : "*"},
                           {"maxAge", 0.001},
                           {"dryRun", dryRun},
                           {"interval", 0.1 + 0.05 * i}});
    }
    for (int i = 0; i < 8; ++i) // odd ones produce faster than they consume: "queue full"
        workers << worker(
            "queue", i, B::Steady,
            {{"capacity", 50}, {"producerRate", i % 2 ? 400.0 : 150.0}, {"workPerItem", 0.005}});
    for (int i = 0; i < 8; ++i) {
        const bool again = i >= 4;
        QVariantMap extra;
        if (again) {
            extra.insert("restartOnCompletion", true);
            extra.insert("restart", restartPolicy(0.5, 1.0, 0.5, 1000000));
        }
        // Small counts: a few tens of milliseconds of CPU each, even in a Debug build.
        workers << worker("prime-counter", i, again ? B::Cycles : B::Completes,
                          {{"limit", 200000 + 100000 * (i % 4)}, {"chunk", 10000}}, extra);
    }
    for (int i = 0; i < 8; ++i) {
        QVariantMap extra;
        B behaviour = B::Cycles;
        if (i < 5) {
            extra.insert("restart", restartPolicy(0.02, 2.0, 0.2, 1000000));
        } else if (i < 7) {
            extra.insert("faultPolicy", "ignore");
            behaviour = B::FaultStays;
        } else {
            extra.insert("restart", restartPolicy(0.02, 1.0, 0.02, 2));
            behaviour = B::MayGiveUp;
        }
        workers << worker("flaky", i, behaviour, {{"failEvery", 3 + i}, {"interval", 0.01}}, extra);
    }
    for (int i = 0; i < 8; ++i)
        workers << worker("stubborn", i, B::Steady, {{"ignoreStopFor", 0.05 + 0.05 * i}});
    return workers;
}

// The configuration file for `workers`: debug level, so that the host's
// "starting"/"stopping" events are in the log file too.
inline QByteArray chaosConfiguration(const QList<ChaosWorker> &workers)
{
    QVariantList list;
    for (const ChaosWorker &w : workers)
        list.append(w.entry);
    const QVariantMap root{
        {"host", QVariantMap{{"shutdownTimeout", 10.0}}},
        {"logging",
         QVariantMap{{"level", "debug"}, {"fileMaxSize", 16 * 1024 * 1024}, {"fileMaxFiles", 50}}},
        {"workers", list},
    };
    return QJsonDocument::fromVariant(root).toJson();
}

} // namespace workhost::test
