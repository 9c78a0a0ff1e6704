#include <workhost/config/loggingsectionreader.h>

#include <workhost/config/enumnames.h>
#include <workhost/config/objectchecker.h>
#include <workhost/config/settingspec.h>
#include <workhost/logging/loglevel.h>

#include <QJsonValue>

namespace workhost {

namespace {

const QList<SettingSpec> &loggingSpecs()
{
    static const QList<SettingSpec> specs = {
        SettingSpec::choice("level", configNames<LogLevel>())
            .withDefault(configName(LoggingConfig().level))
            .describedAs("global log level"),
        SettingSpec::integer("retention")
            .between(1000.0, 10000000.0)
            .withDefault(100000)
            .describedAs("lines the window keeps"),
        SettingSpec::integer("fileMaxSize")
            .between(1024.0, 1024.0 * 1024 * 1024)
            .withDefault(10 * 1024 * 1024)
            .describedAs("bytes per log file"),
        SettingSpec::integer("fileMaxFiles")
            .between(1.0, 100.0)
            .withDefault(5)
            .describedAs("rotated log files kept"),
        SettingSpec::object("levels")
            .withDefault(QVariantMap())
            .describedAs("log level per worker"),
    };
    return specs;
}

// "levels": {"worker": "debug", ...}; a level not in the table is an error, kept as written.
QMap<QString, LogLevel> readLevels(const QVariantMap &levels, ConfigIssues &issues,
                                   QList<KeptValue> &kept)
{
    QMap<QString, LogLevel> read;
    for (auto it = levels.cbegin(); it != levels.cend(); ++it) {
        if (const auto level = parseConfigName<LogLevel>(it.value().toString())) {
            read.insert(it.key(), *level);
            continue;
        }
        issues.append(
            {ConfigIssue::Severity::Error, joinPath("logging.levels", it.key()),
             QStringLiteral("expected one of \"%1\", got %2")
                 .arg(configNames<LogLevel>().join("\", \""), describeValue(it.value()))});
        kept.append({{"logging", "levels", it.key()}, QJsonValue::fromVariant(it.value())});
    }
    return read;
}

} // namespace

LoggingConfig readLoggingSection(const QVariantMap &written, ConfigIssues &issues,
                                 QList<KeptValue> &kept)
{
    const QVariantMap logging =
        checkObjectKeeping(written, loggingSpecs(), "logging", issues, {"logging"}, kept);
    LoggingConfig log;
    if (const auto level = parseConfigName<LogLevel>(logging.value("level").toString()))
        log.level = *level;
    if (logging.contains("retention"))
        log.retention = logging.value("retention").toInt();
    if (logging.contains("fileMaxSize"))
        log.fileMaxSize = logging.value("fileMaxSize").toLongLong();
    if (logging.contains("fileMaxFiles"))
        log.fileMaxFiles = logging.value("fileMaxFiles").toInt();
    log.levels = readLevels(logging.value("levels").toMap(), issues, kept);
    return log;
}

} // namespace workhost
