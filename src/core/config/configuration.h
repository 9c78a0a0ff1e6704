#pragma once

#include "core/hostoptions.h"
#include "core/hoststates.h"
#include "core/serviceoptions.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QVariantMap>

namespace workhost {

// One worker as a configuration describes it.
struct WorkerConfig
{
    QString name;           // unique
    QString type;           // a WorkerRegistry type name
    bool enabled = true;    // disabled workers are kept in the file but not hosted
    QVariantMap settings;   // checked against the type's schema, defaults filled in
    ServiceOptions options; // fault and restart policy, autostart
};

struct LoggingConfig
{
    LogLevel level = LogLevel::Info;
    int retention = 100000;                // lines the window keeps
    qint64 fileMaxSize = 10 * 1024 * 1024; // bytes per log file
    int fileMaxFiles = 5;
    QMap<QString, LogLevel> levels; // per logger (service) name
};

// A whole configuration: host options, logging, workers. A value type.
struct Configuration
{
    HostOptions host;
    LoggingConfig logging;
    QList<WorkerConfig> workers;
};

} // namespace workhost
