#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/settingspec.h>
#include <workhost/hosting/serviceoptions.h>

#include <QList>
#include <QVariantMap>

#include <functional>
#include <memory>

namespace workhost {

class Service;

// A kind of worker that configurations and the window can name ("heartbeat",
// "command", ...): its settings schema and how to make one.
struct WorkerType
{
    QString name;
    QString description; // one line, for the "add worker" form
    QList<SettingSpec> settings;
    // Makes a worker from settings already checked against `settings`.
    std::function<std::unique_ptr<Service>(const QString &name, const QVariantMap &settings)>
        create;
    // Adjusts the service options for these settings (e.g. a command in
    // continuous mode runs again when it exits). May be empty.
    std::function<void(const QVariantMap &settings, ServiceOptions &options)> adjustOptions;
};

// The registry of worker types, filled once at start-up (the product's
// catalog: registerStandardWorkers() in workers/), read-only afterwards. A value type; any thread
// may read a registry that no one writes.
class WorkerRegistry
{
public:
    void add(WorkerType type);
    // Another process's type (a remote host's, RemoteHostSession): its
    // schema only, without a factory, for checking settings and the "add
    // worker" form. False (and nothing added) for a name already known or a
    // Seconds setting without a maximum, which add() asserts against.
    bool addSchema(WorkerType type);
    const WorkerType *find(const QString &name) const;
    QStringList typeNames() const;
    const QList<WorkerType> &types() const { return m_types; }

    // Checks raw settings for `type`: errors and warnings under `path`,
    // defaults filled in. Path settings keep their variables (${data}...) as
    // written, so that a saved configuration still works on another machine;
    // an unknown variable is an error. `unused`: as checkObject()'s.
    QVariantMap checkSettings(const WorkerType &type, const QVariantMap &raw, const QString &path,
                              ConfigIssues &issues, QVariantMap *unused = nullptr) const;
    // The settings a worker is made with: checked settings with the path
    // variables expanded to this machine's folders.
    static QVariantMap withPathsExpanded(const WorkerType &type, QVariantMap settings);

private:
    QList<WorkerType> m_types;
};

} // namespace workhost
