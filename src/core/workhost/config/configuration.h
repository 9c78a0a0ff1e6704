#pragma once

#include <workhost/hosting/hostoptions.h>
#include <workhost/hosting/serviceoptions.h>
#include <workhost/logging/loglevel.h>

#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace workhost {

// A value a file held that the loader did not use (it did not validate, or
// its key is unknown), kept as written so that saving writes it back.
struct KeptValue
{
    QStringList path; // keys from the enclosing object: {"host", "shutdownTimeout"}
    QJsonValue value; // as the file held it
};

// A worker entry that did not validate, kept whole as written.
struct KeptWorker
{
    QJsonValue entry; // not always an object: whatever the list held
    QString after;    // the valid worker it followed in the file; empty: the first ones
};

// One worker as a configuration describes it.
struct WorkerConfig
{
    QString name;           // unique
    QString type;           // a WorkerRegistry type name
    bool enabled = true;    // disabled workers are kept in the file but not hosted
    QVariantMap settings;   // checked against the type's schema, defaults filled in
    ServiceOptions options; // fault and restart policy, autostart
    // Its keys the loader does not know (paths inside the entry). Initialised
    // so that the brace-initialisations of the fields above need not name it.
    QList<KeptValue> kept = {};
};

struct LoggingConfig
{
    LogLevel level = LogLevel::Info;
    int retention = 100000;                // lines the window keeps
    qint64 fileMaxSize = 10 * 1024 * 1024; // bytes per log file
    int fileMaxFiles = 5;
    QMap<QString, LogLevel> levels; // per logger (service) name

    bool operator==(const LoggingConfig &) const = default;
};

// A whole configuration: host options, logging, workers. A value type.
//
// What the file held that the loader could not use stays here as written
// (`kept`, `keptWorkers`, each worker's `kept`): ConfigWriter writes it back
// in its place, so that a save never loses what a person wrote, and the file
// shows the same problems when it is read again.
struct Configuration
{
    HostOptions host;
    LoggingConfig logging;
    QList<WorkerConfig> workers;
    QList<KeptValue> kept;         // top-level, host and logging values
    QList<KeptWorker> keptWorkers; // in file order
    // Why the file could not be read at all (a syntax error, too large, no
    // permission), or empty. Nothing of such a file could be kept, so
    // ConfigWriter::save() refuses to write this configuration.
    QString unreadable;

    // How many entries are kept as written: values, whole workers, and the
    // unknown keys of valid workers.
    qsizetype keptCount() const
    {
        qsizetype count = kept.size() + keptWorkers.size();
        for (const WorkerConfig &worker : workers)
            count += worker.kept.size();
        return count;
    }

    // The names the kept workers give themselves: taken, since a worker added
    // under one would be the duplicate, left out, when the file is read again.
    QStringList keptWorkerNames() const
    {
        QStringList names;
        for (const KeptWorker &worker : keptWorkers) {
            if (const QJsonValue name = worker.entry[QLatin1String("name")]; name.isString())
                names << name.toString();
        }
        return names;
    }
};

} // namespace workhost
