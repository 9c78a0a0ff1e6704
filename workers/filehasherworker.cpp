#include "workers/filehasherworker.h"

#include "workers/settingsvalues.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <spdlog/spdlog.h>

namespace workhost {

FileHasherWorker::FileHasherWorker(QString name, Settings settings)
    : BackgroundWorker(std::move(name))
    , m_settings(std::move(settings))
{
    setItemsUnit(ItemsUnit::files());
}

WorkerType FileHasherWorker::type()
{
    return {"file-hasher",
            "Writes a SHA-256 manifest of a directory tree and reports what changed.",
            {
                SettingSpec::path("directory").describedAs("the tree to hash"),
                SettingSpec::path("manifest").describedAs("the manifest file to write"),
                SettingSpec::seconds("interval")
                    .between(0.01, 86400.0 * 7)
                    .withDefault(60.0)
                    .describedAs("seconds between scans"),
            },
            [](const QString &name, const QVariantMap &settings) {
                return std::make_unique<FileHasherWorker>(
                    name, Settings{settings.value("directory").toString(),
                                   settings.value("manifest").toString(),
                                   secondsSetting(settings, "interval")});
            },
            {}};
}

FileHasherWorker::Manifest FileHasherWorker::readManifest(const QString &path)
{
    Manifest manifest;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return manifest;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().chopped(1);
        const qsizetype split = line.indexOf("  ");
        if (split == 64)
            manifest.insert(QString::fromUtf8(line.mid(66)), line.left(64));
    }
    return manifest;
}

void FileHasherWorker::execute(StopToken token)
{
    Manifest previous = readManifest(m_settings.manifest);
    do {
        const std::optional<Manifest> current = scan(token);
        if (!current)
            return; // stopped in the middle: the old manifest stays as it was
        QDir().mkpath(QFileInfo(m_settings.manifest).absolutePath());
        QSaveFile file(m_settings.manifest);
        if (!file.open(QIODevice::WriteOnly))
            throw std::runtime_error("cannot write the manifest " +
                                     m_settings.manifest.toStdString() + ": " +
                                     file.errorString().toStdString());
        for (auto it = current->cbegin(); it != current->cend(); ++it)
            file.write(it.value() + "  " + it.key().toUtf8() + '\n');
        if (!file.commit())
            throw std::runtime_error("cannot save the manifest " +
                                     m_settings.manifest.toStdString() + ": " +
                                     file.errorString().toStdString());
        reportChanges(previous, *current);
        previous = *current;
    } while (token.sleepFor(m_settings.interval));
}

std::optional<FileHasherWorker::Manifest> FileHasherWorker::scan(const StopToken &token)
{
    const QDir root(m_settings.directory);
    if (!root.exists())
        throw std::runtime_error("the directory " + m_settings.directory.toStdString() +
                                 " does not exist");
    const QString manifestPath = QFileInfo(m_settings.manifest).absoluteFilePath();

    QStringList files;
    qint64 totalBytes = 0;
    QDirIterator it(root.absolutePath(), QDir::Files | QDir::Hidden | QDir::NoSymLinks,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).absoluteFilePath() == manifestPath)
            continue;
        files << path;
        totalBytes += it.fileInfo().size();
        if (token.stopRequested())
            return std::nullopt;
    }
    files.sort();

    Manifest manifest;
    qint64 bytesDone = 0;
    for (qsizetype i = 0; i < files.size(); ++i) {
        const std::optional<QByteArray> hash = hashFile(files[i], token, bytesDone, totalBytes);
        if (token.stopRequested())
            return std::nullopt;
        if (!hash)
            continue; // vanished or unreadable: logged, not in the manifest
        manifest.insert(root.relativeFilePath(files[i]), *hash);
        addItemsDone();
        setNote(QStringLiteral("%1 of %2 files").arg(i + 1).arg(files.size()));
    }
    setProgress(100, QStringLiteral("%1 files, %2 bytes").arg(files.size()).arg(totalBytes));
    log().info("hashed {} files ({} bytes) into {}", files.size(), totalBytes,
               qUtf8Printable(m_settings.manifest));
    return manifest;
}

std::optional<QByteArray> FileHasherWorker::hashFile(const QString &path, const StopToken &token,
                                                     qint64 &bytesDone, qint64 totalBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        log().warn("cannot read {}: {}", qUtf8Printable(path), qUtf8Printable(file.errorString()));
        return std::nullopt;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (token.stopRequested())
            return std::nullopt; // in the middle of a large file, as promised
        const qint64 read = file.read(buffer.data(), buffer.size());
        if (read <= 0)
            break;
        hash.addData(QByteArrayView(buffer.constData(), read));
        bytesDone += read;
        const int percent = totalBytes > 0 ? static_cast<int>(bytesDone * 100 / totalBytes) : 100;
        setProgress(percent, QStringLiteral("%1 of %2 bytes").arg(bytesDone).arg(totalBytes));
    }
    return hash.result().toHex();
}

void FileHasherWorker::reportChanges(const Manifest &before, const Manifest &after)
{
    int added = 0, changed = 0, removed = 0;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const auto old = before.constFind(it.key());
        if (old == before.cend()) {
            ++added;
            log().info("added: {}", qUtf8Printable(it.key()));
        } else if (old.value() != it.value()) {
            ++changed;
            log().info("changed: {}", qUtf8Printable(it.key()));
        }
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key())) {
            ++removed;
            log().info("removed: {}", qUtf8Printable(it.key()));
        }
    }
    log().info("since the last manifest: {} added, {} changed, {} removed", added, changed,
               removed);
}

} // namespace workhost
