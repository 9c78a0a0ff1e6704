#include "workers/cleanupworker.h"

#include "workers/settingsvalues.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <spdlog/spdlog.h>

namespace workhost {

CleanupWorker::CleanupWorker(QString name, Settings settings)
    : BackgroundWorker(std::move(name))
    , m_settings(std::move(settings))
{
    setItemsUnit(ItemsUnit::files());
}

WorkerType CleanupWorker::type()
{
    return {
        "cleanup",
        "Deletes files older than a given age that match a pattern in a directory.",
        {
            SettingSpec::path("directory").describedAs("where to clean"),
            SettingSpec::text("pattern")
                .withDefault(QStringLiteral("*"))
                .describedAs("file name glob, such as *.tmp"),
            SettingSpec::seconds("maxAge")
                .atMost(36500.0 * 24 * 3600) // a hundred years: every Seconds setting needs one
                .withDefault(7.0 * 24 * 3600)
                .describedAs("seconds a file may age before it goes (604800: a week)"),
            SettingSpec::boolean("recursive")
                .withDefault(false)
                .describedAs("also clean subdirectories"),
            SettingSpec::boolean("dryRun")
                .withDefault(true)
                .describedAs("only report what would be deleted; false: delete it")
                .invertedAs("Delete files (not a dry run)"),
            SettingSpec::seconds("interval")
                .between(0.01, 86400.0 * 7)
                .withDefault(3600.0)
                .describedAs("seconds between sweeps"),
        },
        [](const QString &name, const QVariantMap &settings) {
            Settings s;
            s.directory = settings.value("directory").toString();
            s.pattern = settings.value("pattern").toString();
            s.maxAge = secondsSetting(settings, "maxAge");
            s.recursive = settings.value("recursive").toBool();
            s.dryRun = settings.value("dryRun").toBool();
            s.interval = secondsSetting(settings, "interval");
            return std::make_unique<CleanupWorker>(name, std::move(s));
        },
        {},
    };
}

void CleanupWorker::execute(StopToken token)
{
    if (m_settings.dryRun)
        log().info("dry run: files are listed, none is deleted; set \"dryRun\": false to delete "
                   "them");
    do {
        sweep(token);
    } while (token.sleepFor(m_settings.interval));
}

void CleanupWorker::sweep(const StopToken &token)
{
    const QDir root(m_settings.directory);
    if (!root.exists()) {
        log().info("{} does not exist (yet); nothing to clean",
                   qUtf8Printable(m_settings.directory));
        return;
    }
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addMSecs(-m_settings.maxAge.count());
    QDirIterator it(
        root.absolutePath(), {m_settings.pattern}, QDir::Files | QDir::Hidden | QDir::NoSymLinks,
        m_settings.recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    int removed = 0;
    qint64 freed = 0;
    while (it.hasNext() && !token.stopRequested()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        if (info.lastModified().toUTC() >= cutoff)
            continue;
        const qint64 size = info.size();
        if (m_settings.dryRun) {
            log().info("dry run: would remove {} ({} bytes)", qUtf8Printable(path), size);
        } else if (QFile::remove(path)) {
            log().info("removed {} ({} bytes)", qUtf8Printable(path), size);
        } else {
            log().warn("cannot remove {}", qUtf8Printable(path));
            continue;
        }
        ++removed;
        freed += size;
        addItemsDone();
    }
    if (m_settings.dryRun) {
        log().info("dry run: would remove {} file(s), {} bytes would be freed; nothing deleted",
                   removed, freed);
        setNote(QStringLiteral("dry run: %1 file(s), %2 bytes would go").arg(removed).arg(freed));
        return;
    }
    log().info("removed {} file(s), {} bytes freed", removed, freed);
    setNote(QStringLiteral("%1 file(s), %2 bytes freed").arg(removed).arg(freed));
}

} // namespace workhost
