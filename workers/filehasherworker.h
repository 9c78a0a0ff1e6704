#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/backgroundworker.h>

#include <QMap>

#include <chrono>

namespace workhost {

// Walks a directory tree and writes a manifest of every file in sha256sum
// format ("<hash>  <relative path>"), with progress in bytes and files; then,
// every `interval`, rescans and logs the files added, changed and removed
// since the last manifest. Stops in the middle of a large file when asked;
// the manifest is written atomically and only for a complete scan.
class FileHasherWorker : public BackgroundWorker
{
public:
    struct Settings
    {
        QString directory;
        QString manifest; // where the manifest goes (never hashed itself)
        std::chrono::milliseconds interval{60000};
    };

    using Manifest = QMap<QString, QByteArray>; // relative path -> hex SHA-256

    FileHasherWorker(QString name, Settings settings);
    static WorkerType type();

    // Reads a manifest in sha256sum format; missing file: empty.
    static Manifest readManifest(const QString &path);

protected:
    void execute(StopToken token) override;

private:
    // Hashes every file; nothing when stopped before the end.
    std::optional<Manifest> scan(const StopToken &token);
    std::optional<QByteArray> hashFile(const QString &path, const StopToken &token,
                                       qint64 &bytesDone, qint64 totalBytes);
    void reportChanges(const Manifest &before, const Manifest &after);

    const Settings m_settings;
};

} // namespace workhost
