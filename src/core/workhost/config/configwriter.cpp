#include <workhost/config/configwriter.h>
#include <workhost/logging/loglevel.h>

#include <workhost/config/configloader.h>
#include <workhost/config/enumnames.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMultiHash>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace workhost {

namespace {

double seconds(std::chrono::milliseconds duration)
{
    return static_cast<double>(duration.count()) / 1000.0;
}

// Sets `value` at `path` inside `object`, making the objects on the way: a
// value kept as written takes the place of the one the configuration made.
void setAt(QJsonObject &object, QStringList path, const QJsonValue &value)
{
    const QString key = path.takeFirst();
    if (path.isEmpty()) {
        object.insert(key, value);
        return;
    }
    QJsonObject inner = object.value(key).toObject();
    setAt(inner, std::move(path), value);
    object.insert(key, inner);
}

void setAll(QJsonObject &object, const QList<KeptValue> &kept)
{
    for (const KeptValue &value : kept)
        setAt(object, value.path, value.value);
}

QJsonObject toObject(const WorkerConfig &worker)
{
    const RestartPolicy &restart = worker.options.restart;
    QJsonObject object{
        {"name", worker.name},
        {"type", worker.type},
        {"enabled", worker.enabled},
        {"autostart", worker.options.autostart},
        {"settings", QJsonObject::fromVariantMap(worker.settings)},
        {"faultPolicy", configName(worker.options.faultPolicy)},
        {"restartOnCompletion", worker.options.restartOnCompletion},
        {"restart", QJsonObject{{"initialBackoff", seconds(restart.initialBackoff)},
                                {"factor", restart.backoffFactor},
                                {"maxBackoff", seconds(restart.maxBackoff)},
                                {"resetAfter", seconds(restart.resetAfter)},
                                {"maxRestarts", restart.maxRestarts},
                                {"window", seconds(restart.intensityWindow)}}},
    };
    setAll(object, worker.kept);
    return object;
}

// The valid workers, each kept worker after the one it followed in the file;
// a kept worker whose predecessor is gone (removed in the window) goes last.
QJsonArray workersArray(const Configuration &config)
{
    QSet<QString> names;
    for (const WorkerConfig &worker : config.workers)
        names.insert(worker.name);
    QMultiHash<QString, QJsonValue> keptAfter;
    QJsonArray orphans;
    for (const KeptWorker &kept : config.keptWorkers) {
        if (kept.after.isEmpty() || names.contains(kept.after))
            keptAfter.insert(kept.after, kept.entry);
        else
            orphans.append(kept.entry);
    }
    QJsonArray workers;
    const auto appendKeptAfter = [&](const QString &name) {
        QList<QJsonValue> entries = keptAfter.values(name); // last inserted first
        std::reverse(entries.begin(), entries.end());
        for (const QJsonValue &entry : std::as_const(entries))
            workers.append(entry);
    };
    appendKeptAfter({});
    for (const WorkerConfig &worker : config.workers) {
        workers.append(toObject(worker));
        appendKeptAfter(worker.name);
    }
    for (const QJsonValue &entry : std::as_const(orphans))
        workers.append(entry);
    return workers;
}

// Why `config` cannot be saved without losing what its file held, or nothing.
QString whatWouldBeLost(const Configuration &config)
{
    if (!config.unreadable.isEmpty())
        return QStringLiteral("the file it was read from could not be read (%1), so nothing of "
                              "it could be kept and saving would replace all of it; correct the "
                              "file in an editor first")
            .arg(config.unreadable);
    const bool workersKept =
        std::any_of(config.kept.cbegin(), config.kept.cend(),
                    [](const KeptValue &kept) { return kept.path == QStringList{"workers"}; });
    if (workersKept && !config.workers.isEmpty())
        return QStringLiteral("the file's \"workers\" is not a list and is kept as written, so "
                              "the %1 worker(s) added cannot be saved beside it; correct the "
                              "file in an editor first")
            .arg(config.workers.size());
    return {};
}

} // namespace

QByteArray ConfigWriter::toJson(const Configuration &config)
{
    QJsonObject host{{"shutdownTimeout", seconds(config.host.shutdownTimeout)},
                     {"startConcurrently", config.host.startConcurrently},
                     {"stopConcurrently", config.host.stopConcurrently},
                     {"serviceStopTimeout", seconds(config.host.serviceStopTimeout)}};

    QJsonObject levels;
    for (auto it = config.logging.levels.cbegin(); it != config.logging.levels.cend(); ++it)
        levels.insert(it.key(), configName(it.value()));
    QJsonObject logging{{"level", configName(config.logging.level)},
                        {"retention", config.logging.retention},
                        {"fileMaxSize", config.logging.fileMaxSize},
                        {"fileMaxFiles", config.logging.fileMaxFiles},
                        {"levels", levels}};

    QJsonObject root{{"host", host}, {"logging", logging}, {"workers", workersArray(config)}};
    setAll(root, config.kept);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString ConfigWriter::save(const Configuration &config, const QString &path)
{
    const auto notSaved = [&path](const QString &why) {
        return QStringLiteral("%1: not saved: %2").arg(path, why);
    };
    if (const QString lost = whatWouldBeLost(config); !lost.isEmpty())
        return notSaved(lost);
    const QByteArray json = toJson(config);
    if (json.size() > ConfigLoader::maxFileBytes)
        return notSaved(QStringLiteral("the configuration takes %1 bytes, over the limit of %2 "
                                       "bytes for a configuration file: it could not be read "
                                       "back")
                            .arg(json.size())
                            .arg(ConfigLoader::maxFileBytes));

    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    if (file.write(json) != json.size())
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    if (!file.commit())
        return QStringLiteral("%1: cannot save: %2").arg(path, file.errorString());
    return {};
}

} // namespace workhost
