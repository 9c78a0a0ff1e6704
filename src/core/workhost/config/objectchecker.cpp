#include <workhost/config/objectchecker.h>

#include <QJsonValue>

namespace workhost {

QString joinPath(const QString &path, const QString &key)
{
    // A path is for people: the start of a 10 MB key is enough to find it.
    const QString shown = key.size() > 40 ? key.left(37) + QStringLiteral("...") : key;
    return path.isEmpty() ? shown : path + QLatin1Char('.') + shown;
}

QVariantMap checkObject(const QVariantMap &object, const QList<SettingSpec> &specs,
                        const QString &path, ConfigIssues &issues, QVariantMap *unused)
{
    const auto leaveOut = [unused](const QString &key, const QVariant &value) {
        if (unused)
            unused->insert(key, value);
    };
    QVariantMap normalised;
    for (const SettingSpec &spec : specs) {
        const QString where = joinPath(path, spec.name);
        const auto found = object.constFind(spec.name);
        if (found == object.cend()) {
            if (spec.required())
                issues.append({ConfigIssue::Severity::Error, where,
                               QStringLiteral("missing; expected %1").arg(spec.expectation())});
            else
                normalised.insert(spec.name, spec.defaultValue);
            continue;
        }
        const SettingSpec::Checked checked = spec.check(*found);
        if (checked.ok()) {
            normalised.insert(spec.name, checked.value);
        } else {
            issues.append({ConfigIssue::Severity::Error, where, checked.error});
            leaveOut(spec.name, *found);
        }
    }
    for (auto it = object.cbegin(); it != object.cend(); ++it) {
        const bool known = std::any_of(specs.cbegin(), specs.cend(), [&](const SettingSpec &spec) {
            return spec.name == it.key();
        });
        if (known)
            continue;
        issues.append({ConfigIssue::Severity::Warning, joinPath(path, it.key()),
                       QStringLiteral("unknown key, ignored")});
        leaveOut(it.key(), it.value());
    }
    return normalised;
}

QVariantMap checkObjectKeeping(const QVariantMap &object, const QList<SettingSpec> &specs,
                               const QString &path, ConfigIssues &issues,
                               const QStringList &keptPath, QList<KeptValue> &kept)
{
    QVariantMap unused;
    QVariantMap checked = checkObject(object, specs, path, issues, &unused);
    for (auto it = unused.cbegin(); it != unused.cend(); ++it)
        kept.append({keptPath + QStringList{it.key()}, QJsonValue::fromVariant(it.value())});
    return checked;
}

} // namespace workhost
