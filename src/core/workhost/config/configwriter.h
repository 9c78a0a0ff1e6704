#pragma once

#include <workhost/config/configuration.h>

#include <QByteArray>
#include <QString>

namespace workhost {

// Writes a configuration back as JSON that ConfigLoader reads to the same
// configuration, with the same problems: what the loader kept as written
// (values that did not validate, unknown keys, whole workers) is written back
// in its place, so that a save loses nothing a person wrote. Objects' keys come
// out in alphabetical order (QJsonObject's), numbers as Qt writes them.
// save() is atomic (QSaveFile): a crash or a full disk never leaves a
// half-written file; the old file stays until the new one is whole. It writes
// nothing, and says why, when the file would be one the loader refuses (over
// ConfigLoader::maxFileBytes), or when writing would lose what a file held:
// one that could not be read at all (Configuration::unreadable).
class ConfigWriter
{
public:
    static QByteArray toJson(const Configuration &config);
    // Returns an empty string on success, else what went wrong and where:
    // "PATH: not saved: WHY" when it refused, "PATH: cannot write: ..." and
    // "PATH: cannot save: ..." when the system did.
    static QString save(const Configuration &config, const QString &path);
};

} // namespace workhost
