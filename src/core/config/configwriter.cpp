#include "core/config/configwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace workhost {

namespace {

double seconds(std::chrono::milliseconds duration)
{
    return static_cast<double>(duration.count()) / 1000.0;
}

QString levelName(LogLevel level)
{
    static const char *names[] = {"trace", "debug", "info", "warning", "error", "critical", "off"};
    return QString::fromLatin1(names[static_cast<int>(level)]);
}

QString faultPolicyName(FaultPolicy policy)
{
    switch (policy) {
    case FaultPolicy::Restart:
        return QStringLiteral("restart");
    case FaultPolicy::Ignore:
        return QStringLiteral("ignore");
    case FaultPolicy::StopHost:
        return QStringLiteral("stopHost");
    }
    return QStringLiteral("restart");
}

} // namespace

QByteArray ConfigWriter::toJson(const Configuration &config)
{
    QJsonObject host{{"shutdownTimeout", seconds(config.host.shutdownTimeout)},
                     {"startConcurrently", config.host.startConcurrently},
                     {"stopConcurrently", config.host.stopConcurrently}};

    QJsonObject levels;
    for (auto it = config.logging.levels.cbegin(); it != config.logging.levels.cend(); ++it)
        levels.insert(it.key(), levelName(it.value()));
    QJsonObject logging{{"level", levelName(config.logging.level)},
                        {"retention", config.logging.retention},
                        {"fileMaxSize", config.logging.fileMaxSize},
                        {"fileMaxFiles", config.logging.fileMaxFiles},
                        {"levels", levels}};

    QJsonArray workers;
    for (const WorkerConfig &worker : config.workers) {
        const RestartPolicy &restart = worker.options.restart;
        workers.append(QJsonObject{
            {"name", worker.name},
            {"type", worker.type},
            {"enabled", worker.enabled},
            {"autostart", worker.options.autostart},
            {"settings", QJsonObject::fromVariantMap(worker.settings)},
            {"faultPolicy", faultPolicyName(worker.options.faultPolicy)},
            {"restartOnCompletion", worker.options.restartOnCompletion},
            {"restart", QJsonObject{{"initialBackoff", seconds(restart.initialBackoff)},
                                    {"factor", restart.backoffFactor},
                                    {"maxBackoff", seconds(restart.maxBackoff)},
                                    {"resetAfter", seconds(restart.resetAfter)},
                                    {"maxRestarts", restart.maxRestarts},
                                    {"window", seconds(restart.intensityWindow)}}},
        });
    }
    return QJsonDocument(QJsonObject{{"host", host}, {"logging", logging}, {"workers", workers}})
        .toJson(QJsonDocument::Indented);
}

QString ConfigWriter::save(const Configuration &config, const QString &path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    const QByteArray json = toJson(config);
    if (file.write(json) != json.size())
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    if (!file.commit())
        return QStringLiteral("%1: cannot save: %2").arg(path, file.errorString());
    return {};
}

} // namespace workhost
