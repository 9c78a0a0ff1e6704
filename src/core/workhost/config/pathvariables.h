#pragma once

#include <QString>

namespace workhost {

// Expands the variables a configuration may use in paths, so that one file
// works on every machine:
//   ${data}   QStandardPaths::AppLocalDataLocation   ${cache} CacheLocation
//   ${config} AppConfigLocation   ${home} the home folder   ${temp} TempLocation
// Returns the expanded path, or sets `error` for an unknown variable.
QString expandPathVariables(const QString &path, QString *error);

} // namespace workhost
