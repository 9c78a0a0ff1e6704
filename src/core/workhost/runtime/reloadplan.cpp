#include <workhost/runtime/reloadplan.h>

#include <QHash>
#include <QSet>

namespace workhost {

namespace {

// What makes a worker: its type, settings and options (not its kept keys).
bool sameWorker(const WorkerConfig &a, const WorkerConfig &b)
{
    return a.type == b.type && a.enabled == b.enabled && a.settings == b.settings &&
           a.options == b.options;
}

const WorkerConfig *findWorker(const QList<WorkerConfig> &workers, const QString &name)
{
    for (const WorkerConfig &worker : workers) {
        if (worker.name == name)
            return &worker;
    }
    return nullptr;
}

} // namespace

ReloadPlan ReloadPlan::between(const Configuration &applied, const QStringList &hosted,
                               const Configuration &next)
{
    ReloadPlan plan;
    plan.hostSettingsChanged = !(applied.host == next.host) || !(applied.logging == next.logging);
    QHash<QString, const WorkerConfig *> wanted;
    for (const WorkerConfig &worker : next.workers) {
        if (worker.enabled)
            wanted.insert(worker.name, &worker);
    }
    for (const QString &name : hosted) {
        const WorkerConfig *want = wanted.value(name);
        if (!want) {
            plan.removed << name;
            continue;
        }
        // A worker the host holds but the applied file did not name (added
        // some other way) is made again from the file: the file is the truth.
        const WorkerConfig *had = findWorker(applied.workers, name);
        if (had && sameWorker(*had, *want))
            plan.unchanged << name;
        else
            plan.changed << *want;
    }
    const QSet<QString> hostedNames(hosted.cbegin(), hosted.cend());
    for (const WorkerConfig &worker : next.workers) {
        if (worker.enabled && !hostedNames.contains(worker.name))
            plan.added << worker;
    }
    return plan;
}

QString ReloadPlan::summary() const
{
    return QStringLiteral("%1 added, %2 removed, %3 changed, %4 unchanged")
        .arg(added.size())
        .arg(removed.size())
        .arg(changed.size())
        .arg(unchanged.size());
}

} // namespace workhost
