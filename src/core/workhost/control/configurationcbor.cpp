#include <workhost/control/configurationcbor.h>

#include <workhost/config/configwriter.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace workhost {

QCborValue configurationToCbor(const Configuration &config)
{
    return QCborValue::fromJsonValue(
        QJsonDocument::fromJson(ConfigWriter::toJson(config)).object());
}

ConfigLoader::Result configurationFromCbor(const QCborValue &value, const WorkerRegistry &types,
                                           const QString &source)
{
    const QByteArray json = QJsonDocument(value.toJsonValue().toObject()).toJson();
    return ConfigLoader(types).parse(json, source);
}

QCborValue workerToCbor(const WorkerConfig &worker)
{
    Configuration one;
    one.workers << worker;
    const QJsonObject written = QJsonDocument::fromJson(ConfigWriter::toJson(one)).object();
    return QCborValue::fromJsonValue(written.value(QLatin1String("workers")).toArray().first());
}

std::optional<WorkerConfig> workerFromCbor(const QCborValue &value, const WorkerRegistry &types,
                                           QStringList &errors)
{
    if (!value.isMap()) {
        errors << QStringLiteral("worker: expected an object, as an entry of \"workers\"");
        return std::nullopt;
    }
    const QJsonObject file{{QStringLiteral("workers"), QJsonArray{value.toJsonValue()}}};
    const ConfigLoader::Result loaded =
        ConfigLoader(types).parse(QJsonDocument(file).toJson(QJsonDocument::Compact));
    for (const ConfigIssue &issue : loaded.issues) {
        if (issue.isError())
            errors << issue.toString();
    }
    if (!errors.isEmpty() || loaded.config.workers.size() != 1) {
        if (errors.isEmpty())
            errors << QStringLiteral("worker: not a worker the host can add");
        return std::nullopt;
    }
    return loaded.config.workers.first();
}

} // namespace workhost
