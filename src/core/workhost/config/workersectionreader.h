#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QString>
#include <QVariantList>

namespace workhost {

class WorkerRegistry;
struct WorkerType;

// ConfigLoader's reader of the "workers" list: checks each entry (its keys,
// name, type, the type's settings, fault and restart policy), adds the valid
// ones to Configuration::workers and keeps every other entry whole, as
// written, after the valid worker it followed (Configuration::keptWorkers).
// Made for one read, on the loader's thread.
class WorkerSectionReader
{
public:
    WorkerSectionReader(const WorkerRegistry &registry, Configuration &config,
                        ConfigIssues &issues);

    // `workers`: the list as checked; `written`: the same list as the file
    // held it (what a left-out worker is kept as); `withDuplicateKeys`: the
    // indexes of workers with a repeated key, left out whatever else they say.
    void read(const QVariantList &workers, const QJsonArray &written,
              const QSet<int> &withDuplicateKeys);

private:
    WorkerConfig readWorker(int index, const QVariantMap &entry);
    void checkName(int index, const QString &path, const QVariantMap &checked, const QString &name);
    const WorkerType *readType(const QString &path, const QVariantMap &checked,
                               WorkerConfig &worker);
    void keepWorker(int index);

    const WorkerRegistry &m_registry;
    Configuration &m_config;
    ConfigIssues &m_issues;
    QJsonArray m_written;
    QHash<QString, int> m_firstIndex; // of each name, for duplicates
    QString m_lastValid;              // the valid worker a left-out one follows
};

} // namespace workhost
