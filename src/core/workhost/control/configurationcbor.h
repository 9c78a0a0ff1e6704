#pragma once

#include <workhost/config/configloader.h>
#include <workhost/config/configuration.h>

#include <QCborValue>

namespace workhost {

class WorkerRegistry;

// A configuration, or one worker of it, as the control protocol carries it
// ("describe", "add"): the JSON a save writes (ConfigWriter), as CBOR. What
// the loader kept as written (unknown keys, invalid entries) crosses too, so
// a client sees what the host's file holds. Read back, it is checked as a
// file is (ConfigLoader), against the host's worker types. Any thread.
QCborValue configurationToCbor(const Configuration &config);
ConfigLoader::Result configurationFromCbor(const QCborValue &value, const WorkerRegistry &types,
                                           const QString &source);

// One worker: its entry of "workers", as a file writes it.
QCborValue workerToCbor(const WorkerConfig &worker);
// Checked as the loader checks a file with only this worker: `errors` lists
// every error ("workers[0].settings.interval: ..."), and then nothing is returned.
std::optional<WorkerConfig> workerFromCbor(const QCborValue &value, const WorkerRegistry &types,
                                           QStringList &errors);

} // namespace workhost
