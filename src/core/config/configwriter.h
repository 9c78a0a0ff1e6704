#pragma once

#include "core/config/configuration.h"

#include <QByteArray>
#include <QString>

namespace workhost {

// Writes a configuration back as JSON that ConfigLoader reads to the same
// configuration. save() is atomic (QSaveFile): a crash or a full disk never
// leaves a half-written file; the old file stays until the new one is whole.
class ConfigWriter
{
public:
    static QByteArray toJson(const Configuration &config);
    // Returns an empty string on success, else what went wrong and where.
    static QString save(const Configuration &config, const QString &path);
};

} // namespace workhost
