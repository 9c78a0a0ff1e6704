#pragma once

#include <workhost/config/configuration.h>

#include <QList>
#include <QString>
#include <QStringList>

namespace workhost {

// What a reload changes, as `supervisorctl update` decides it: the workers
// the new file hosts (enabled ones) against those the host holds. A worker
// the host holds is unchanged when the configuration it was made from (the
// one applied last) names it with the same type, settings and options; a
// disabled or absent one is removed; a new one is added; any other is
// changed: replaced by one made from the new settings. Keys the loader kept
// without using them change nothing. A value type; any thread.
struct ReloadPlan
{
    QList<WorkerConfig> added; // in the file's order
    QStringList removed;       // in the host's order
    QList<WorkerConfig> changed;
    QStringList unchanged;
    // The host's or the logging's settings differ: they are not reloaded.
    bool hostSettingsChanged = false;

    static ReloadPlan between(const Configuration &applied, const QStringList &hosted,
                              const Configuration &next);

    bool changesNothing() const
    {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
    // "1 added, 1 removed, 1 changed, 4 unchanged"
    QString summary() const;
};

} // namespace workhost
