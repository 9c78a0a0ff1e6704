#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>
#include <workhost/config/settingspec.h>

#include <QVariantMap>

namespace workhost {

// Checks a JSON object against a list of SettingSpecs: every known key is
// checked and normalised, missing ones get their default (or an error when
// required), unknown keys are warnings. Issues are reported under `path`.
// Returns the normalised object. `unused`, when given, receives every key
// that was not taken (its value did not validate, or the key is unknown) with
// its value as given, so that the caller can keep it as written.
QVariantMap checkObject(const QVariantMap &object, const QList<SettingSpec> &specs,
                        const QString &path, ConfigIssues &issues, QVariantMap *unused = nullptr);

// checkObject(), and every key it did not take kept as written, under
// `keptPath` (keys from the object that holds the kept values), in `kept`.
QVariantMap checkObjectKeeping(const QVariantMap &object, const QList<SettingSpec> &specs,
                               const QString &path, ConfigIssues &issues,
                               const QStringList &keptPath, QList<KeptValue> &kept);

// "workers[2]" + "settings" -> "workers[2].settings"; "" + "host" -> "host".
// A key longer than 40 characters is shortened to its start and "...".
QString joinPath(const QString &path, const QString &key);

} // namespace workhost
