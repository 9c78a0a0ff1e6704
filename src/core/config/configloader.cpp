#include "core/config/configloader.h"

#include "core/config/objectchecker.h"
#include "core/config/workerregistry.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <chrono>

namespace workhost {

namespace {

using Type = SettingSpec::Type;

const QStringList levelNames = {"trace", "debug", "info", "warning", "error", "critical", "off"};
const QStringList faultPolicyNames = {"restart", "ignore", "stopHost"};

std::chrono::milliseconds seconds(const QVariant &value)
{
    return std::chrono::milliseconds(qRound64(value.toDouble() * 1000));
}

LogLevel levelFromName(const QString &name)
{
    return LogLevel(levelNames.indexOf(name));
}

// Where an offset falls in the text, counted as people count: from 1.
QString lineAndColumn(const QByteArray &text, qsizetype offset)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

const QList<SettingSpec> &rootSpecs()
{
    static const QList<SettingSpec> specs = {
        {"host", Type::Object, QVariantMap(), {}, {}, {}, "host options"},
        {"logging", Type::Object, QVariantMap(), {}, {}, {}, "log levels, retention, files"},
        {"workers", Type::List, QVariantList(), {}, {}, {}, "the workers"},
    };
    return specs;
}

const QList<SettingSpec> &hostSpecs()
{
    static const QList<SettingSpec> specs = {
        {"shutdownTimeout", Type::Seconds, 30.0, {}, 3600.0, {}, "seconds the whole stop may take"},
        {"startConcurrently", Type::Boolean, false, {}, {}, {}, "start all workers at once"},
        {"stopConcurrently", Type::Boolean, false, {}, {}, {}, "stop all workers at once"},
    };
    return specs;
}

const QList<SettingSpec> &loggingSpecs()
{
    static const QList<SettingSpec> specs = {
        {"level", Type::Choice, QStringLiteral("info"), {}, {}, levelNames, "global log level"},
        {"retention", Type::Integer, 100000, 1000.0, 10000000.0, {}, "lines the window keeps"},
        {"fileMaxSize",
         Type::Integer,
         10 * 1024 * 1024,
         1024.0,
         1024.0 * 1024 * 1024,
         {},
         "bytes per log file"},
        {"fileMaxFiles", Type::Integer, 5, 1.0, 100.0, {}, "rotated log files kept"},
        {"levels", Type::Object, QVariantMap(), {}, {}, {}, "log level per worker"},
    };
    return specs;
}

const QList<SettingSpec> &workerSpecs()
{
    static const QList<SettingSpec> specs = {
        {"name", Type::Text, {}, {}, {}, {}, "unique name"},
        {"type", Type::Text, {}, {}, {}, {}, "worker type"},
        {"enabled", Type::Boolean, true, {}, {}, {}, "host this worker"},
        {"autostart", Type::Boolean, true, {}, {}, {}, "start with the host"},
        {"settings", Type::Object, QVariantMap(), {}, {}, {}, "the type's settings"},
        {"faultPolicy",
         Type::Choice,
         QStringLiteral("restart"),
         {},
         {},
         faultPolicyNames,
         "what a fault leads to"},
        {"restartOnCompletion", Type::Boolean, false, {}, {}, {}, "run again after completing"},
        {"restart", Type::Object, QVariantMap(), {}, {}, {}, "restart policy"},
    };
    return specs;
}

const QList<SettingSpec> &restartSpecs()
{
    static const QList<SettingSpec> specs = {
        {"initialBackoff", Type::Seconds, 1.0, {}, 86400.0, {}, "first delay"},
        {"factor", Type::Number, 2.0, 1.0, 100.0, {}, "delay growth per restart"},
        {"maxBackoff", Type::Seconds, 60.0, {}, 86400.0, {}, "longest delay"},
        {"resetAfter", Type::Seconds, 30.0, {}, 86400.0, {}, "healthy run that resets the delay"},
        {"maxRestarts", Type::Integer, 5, 0.0, 1000000.0, {}, "restarts allowed per window"},
        {"window", Type::Seconds, 60.0, {}, 86400.0, {}, "intensity window"},
    };
    return specs;
}

} // namespace

ConfigLoader::Result ConfigLoader::parse(const QByteArray &json, const QString &source) const
{
    Result result;
    result.source = source;
    ConfigIssues &issues = result.issues;

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        issues.append({ConfigIssue::Severity::Error, lineAndColumn(json, error.offset),
                       QStringLiteral("JSON syntax error: %1").arg(error.errorString())});
        return result;
    }
    if (!document.isObject()) {
        issues.append(
            {ConfigIssue::Severity::Error,
             {},
             QStringLiteral("expected a JSON object at the top, with \"host\", \"logging\" "
                            "and \"workers\"")});
        return result;
    }

    const QVariantMap root = checkObject(document.object().toVariantMap(), rootSpecs(), {}, issues);

    // host
    const QVariantMap host = checkObject(root.value("host").toMap(), hostSpecs(), "host", issues);
    if (host.contains("shutdownTimeout"))
        result.config.host.shutdownTimeout = seconds(host.value("shutdownTimeout"));
    result.config.host.startConcurrently = host.value("startConcurrently", false).toBool();
    result.config.host.stopConcurrently = host.value("stopConcurrently", false).toBool();

    // logging
    const QVariantMap logging =
        checkObject(root.value("logging").toMap(), loggingSpecs(), "logging", issues);
    LoggingConfig &log = result.config.logging;
    if (logging.contains("level"))
        log.level = levelFromName(logging.value("level").toString());
    if (logging.contains("retention"))
        log.retention = logging.value("retention").toInt();
    if (logging.contains("fileMaxSize"))
        log.fileMaxSize = logging.value("fileMaxSize").toLongLong();
    if (logging.contains("fileMaxFiles"))
        log.fileMaxFiles = logging.value("fileMaxFiles").toInt();
    const QVariantMap levels = logging.value("levels").toMap();
    for (auto it = levels.cbegin(); it != levels.cend(); ++it) {
        if (!levelNames.contains(it.value().toString())) {
            issues.append({ConfigIssue::Severity::Error, "logging.levels." + it.key(),
                           QStringLiteral("expected one of \"%1\", got %2")
                               .arg(levelNames.join("\", \""), describeValue(it.value()))});
            continue;
        }
        log.levels.insert(it.key(), levelFromName(it.value().toString()));
    }

    // workers
    const QVariantList workers = root.value("workers").toList();
    QHash<QString, int> firstIndex;
    for (int i = 0; i < workers.size(); ++i) {
        const QString path = QStringLiteral("workers[%1]").arg(i);
        if (workers[i].typeId() != QMetaType::QVariantMap) {
            issues.append(
                {ConfigIssue::Severity::Error, path,
                 QStringLiteral("expected an object, got %1").arg(describeValue(workers[i]))});
            continue;
        }
        const qsizetype errorsBefore =
            std::count_if(issues.cbegin(), issues.cend(),
                          [](const ConfigIssue &issue) { return issue.isError(); });
        const QVariantMap entry = checkObject(workers[i].toMap(), workerSpecs(), path, issues);

        WorkerConfig worker;
        worker.name = entry.value("name").toString();
        worker.type = entry.value("type").toString();
        if (entry.contains("name") &&
            (worker.name.trimmed().isEmpty() || worker.name.trimmed() != worker.name))
            issues.append(
                {ConfigIssue::Severity::Error, path + ".name",
                 QStringLiteral(
                     "expected a non-empty name without leading or trailing spaces, got %1")
                     .arg(describeValue(worker.name))});
        if (!worker.name.isEmpty()) {
            if (firstIndex.contains(worker.name))
                issues.append({ConfigIssue::Severity::Error, path + ".name",
                               QStringLiteral("duplicate name \"%1\" (first at workers[%2])")
                                   .arg(worker.name)
                                   .arg(firstIndex.value(worker.name))});
            else
                firstIndex.insert(worker.name, i);
        }
        const WorkerType *type = m_registry.find(worker.type);
        if (entry.contains("type") && !type)
            issues.append({ConfigIssue::Severity::Error, path + ".type",
                           QStringLiteral("unknown worker type \"%1\"; known types: %2")
                               .arg(worker.type, m_registry.typeNames().join(", "))});
        if (type) {
            worker.settings = m_registry.checkSettings(*type, entry.value("settings").toMap(),
                                                       path + ".settings", issues);
        }

        worker.enabled = entry.value("enabled", true).toBool();
        worker.options.autostart = entry.value("autostart", true).toBool();
        worker.options.faultPolicy =
            FaultPolicy(faultPolicyNames.indexOf(entry.value("faultPolicy", "restart").toString()));
        worker.options.restartOnCompletion = entry.value("restartOnCompletion", false).toBool();
        if (type && type->adjustOptions)
            type->adjustOptions(worker.settings, worker.options);
        if (workers[i].toMap().contains(
                "restartOnCompletion")) // said in the file: it wins over the type
            worker.options.restartOnCompletion = entry.value("restartOnCompletion").toBool();
        const QVariantMap restart =
            checkObject(entry.value("restart").toMap(), restartSpecs(), path + ".restart", issues);
        RestartPolicy &policy = worker.options.restart;
        policy.initialBackoff = seconds(restart.value("initialBackoff"));
        policy.backoffFactor = restart.value("factor").toDouble();
        policy.maxBackoff = seconds(restart.value("maxBackoff"));
        policy.resetAfter = seconds(restart.value("resetAfter"));
        policy.maxRestarts = restart.value("maxRestarts").toInt();
        policy.intensityWindow = seconds(restart.value("window"));

        const qsizetype errorsAfter =
            std::count_if(issues.cbegin(), issues.cend(),
                          [](const ConfigIssue &issue) { return issue.isError(); });
        if (errorsAfter == errorsBefore)
            result.config.workers.append(worker); // only valid workers are kept
    }
    return result;
}

ConfigLoader::Result ConfigLoader::loadFile(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.source = path;
        result.issues.append({ConfigIssue::Severity::Error, path,
                              QStringLiteral("cannot read the file: %1").arg(file.errorString())});
        return result;
    }
    return parse(file.readAll(), path);
}

QString ConfigLoader::userConfigPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("workhost.json"));
}

QString ConfigLoader::choosePath(const QString &commandLinePath)
{
    if (!commandLinePath.isEmpty())
        return commandLinePath;
    if (QFile::exists(userConfigPath()))
        return userConfigPath();
    return defaultConfigPath();
}

} // namespace workhost
