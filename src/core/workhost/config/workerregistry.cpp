#include <workhost/config/workerregistry.h>

#include <workhost/config/objectchecker.h>
#include <workhost/config/pathvariables.h>

namespace workhost {

void WorkerRegistry::add(WorkerType type)
{
    Q_ASSERT_X(!find(type.name), "WorkerRegistry::add", "worker type names must be unique");
    Q_ASSERT_X(type.create, "WorkerRegistry::add", "a worker type needs a factory");
    Q_ASSERT_X(std::all_of(type.settings.cbegin(), type.settings.cend(),
                           [](const SettingSpec &spec) {
                               return spec.type != SettingSpec::Type::Seconds || spec.maximum;
                           }),
               "WorkerRegistry::add",
               "a Seconds setting needs a maximum, so that its milliseconds fit in a qint64");
    m_types.append(std::move(type));
}

bool WorkerRegistry::addSchema(WorkerType type)
{
    const bool secondsBounded =
        std::all_of(type.settings.cbegin(), type.settings.cend(), [](const SettingSpec &spec) {
            return spec.type != SettingSpec::Type::Seconds || spec.maximum;
        });
    if (find(type.name) || !secondsBounded)
        return false;
    type.create = nullptr;
    type.adjustOptions = nullptr;
    m_types.append(std::move(type));
    return true;
}

const WorkerType *WorkerRegistry::find(const QString &name) const
{
    for (const WorkerType &type : m_types) {
        if (type.name == name)
            return &type;
    }
    return nullptr;
}

QStringList WorkerRegistry::typeNames() const
{
    QStringList names;
    for (const WorkerType &type : m_types)
        names << type.name;
    return names;
}

QVariantMap WorkerRegistry::checkSettings(const WorkerType &type, const QVariantMap &raw,
                                          const QString &path, ConfigIssues &issues,
                                          QVariantMap *unused) const
{
    QVariantMap settings = checkObject(raw, type.settings, path, issues, unused);
    for (const SettingSpec &spec : type.settings) {
        if (spec.type != SettingSpec::Type::Path || !settings.contains(spec.name))
            continue;
        QString error;
        expandPathVariables(settings.value(spec.name).toString(), &error);
        if (!error.isEmpty())
            issues.append({ConfigIssue::Severity::Error, joinPath(path, spec.name), error});
    }
    return settings;
}

QVariantMap WorkerRegistry::withPathsExpanded(const WorkerType &type, QVariantMap settings)
{
    for (const SettingSpec &spec : type.settings) {
        if (spec.type != SettingSpec::Type::Path || !settings.contains(spec.name))
            continue;
        QString error;
        const QString expanded = expandPathVariables(settings.value(spec.name).toString(), &error);
        // checkSettings() reported an unknown variable already; the text stays as written.
        if (error.isEmpty())
            settings.insert(spec.name, expanded);
    }
    return settings;
}

} // namespace workhost
