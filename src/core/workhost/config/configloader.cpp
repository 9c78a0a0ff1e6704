#include <workhost/config/configloader.h>
#include <workhost/logging/loglevel.h>

#include <workhost/config/duplicatekeys.h>
#include <workhost/config/objectchecker.h>
#include <workhost/config/textposition.h>
#include <workhost/config/workerregistry.h>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>

#include <chrono>

namespace workhost {

namespace {

using Type = SettingSpec::Type;

const QStringList levelNames = {"trace", "debug", "info", "warning", "error", "critical", "off"};
const QStringList faultPolicyNames = {"restart", "ignore", "stopHost"};

std::chrono::milliseconds seconds(const QVariant &value)
{
    return millisecondsFromSeconds(value.toDouble());
}

LogLevel levelFromName(const QString &name)
{
    return LogLevel(levelNames.indexOf(name));
}

const QString expectedTop =
    QStringLiteral("expected a JSON object at the top, with \"host\", \"logging\" and \"workers\"");

// "47.7 MiB", "4 MiB": a size for people, beside the exact bytes.
QString sizeInMebibytes(qint64 bytes)
{
    return QStringLiteral("%1 MiB").arg(QString::number(bytes / (1024.0 * 1024.0), 'g', 3));
}

// Names become thread and logger names and appear on every log line.
constexpr qsizetype maxNameLength = 64;

// Qt's words for a JSON syntax error, with a hint where they are terse.
QString syntaxError(const QJsonParseError &error)
{
    QString message = QStringLiteral("JSON syntax error: %1").arg(error.errorString());
    if (error.error == QJsonParseError::IllegalNumber)
        message += QStringLiteral(" (JSON has no NaN or Infinity, and a number must fit in a "
                                  "double: about 1e-308 to 1e308)");
    return message;
}

// Where a syntax error starts: Qt points past a number it cannot read.
qsizetype startOfError(const QByteArray &json, const QJsonParseError &error)
{
    const auto inNumber = [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    qsizetype offset = std::min<qsizetype>(error.offset, json.size());
    if (error.error == QJsonParseError::IllegalNumber) {
        while (offset > 0 && inNumber(json[offset - 1]))
            --offset;
    }
    return offset;
}

// "workers[12].settings.x" -> 12; -1 for a path outside the workers list.
int workerIndexOf(const QString &path)
{
    static const QString prefix = QStringLiteral("workers[");
    const qsizetype end = path.indexOf(QLatin1Char(']'));
    if (!path.startsWith(prefix) || end < 0)
        return -1;
    bool ok = false;
    const int index = path.sliced(prefix.size(), end - prefix.size()).toInt(&ok);
    return ok ? index : -1;
}

bool isError(const ConfigIssue &issue)
{
    return issue.isError();
}

// Keeps each key of `unused` (from checkObject()) as written, under `path`.
void keep(const QVariantMap &unused, const QStringList &path, QList<KeptValue> &kept)
{
    for (auto it = unused.cbegin(); it != unused.cend(); ++it)
        kept.append({path + QStringList{it.key()}, QJsonValue::fromVariant(it.value())});
}

// A file of garbage can hold millions of problems: a person reads the first
// ones, and a window cannot show a million lines.
void limitIssues(ConfigIssues &issues)
{
    if (issues.size() <= ConfigLoader::maxListedIssues)
        return;
    const auto unlisted = issues.cbegin() + ConfigLoader::maxListedIssues;
    const bool errors = std::any_of(unlisted, issues.cend(), isError);
    const qsizetype count = issues.cend() - unlisted;
    issues.resize(ConfigLoader::maxListedIssues);
    issues.append({errors ? ConfigIssue::Severity::Error : ConfigIssue::Severity::Warning,
                   {},
                   QStringLiteral("%1 more problem(s) not listed").arg(count)});
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
        {"serviceStopTimeout",
         Type::Number,
         0.0,
         0.0,
         3600.0,
         {},
         "seconds one worker may take to stop before the next is asked too (sequential stop; "
         "0: a fair share of shutdownTimeout)",
         SettingSpec::secondsResolution},
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

double inSeconds(std::chrono::milliseconds duration)
{
    return static_cast<double>(duration.count()) / 1000.0;
}

// The defaults are RestartPolicy's, which the window's "add worker" form gives too.
const QList<SettingSpec> &restartSpecs()
{
    static const RestartPolicy defaults;
    static const QList<SettingSpec> specs = {
        // 0: the first restart at once (a minimum of 0 lets a duration be 0).
        {"initialBackoff",
         Type::Seconds,
         inSeconds(defaults.initialBackoff),
         0.0,
         86400.0,
         {},
         "first delay"},
        {"factor",
         Type::Number,
         defaults.backoffFactor,
         1.0,
         100.0,
         {},
         "delay growth per restart"},
        {"maxBackoff",
         Type::Seconds,
         inSeconds(defaults.maxBackoff),
         {},
         86400.0,
         {},
         "longest delay"},
        {"resetAfter",
         Type::Seconds,
         inSeconds(defaults.resetAfter),
         {},
         86400.0,
         {},
         "healthy run that resets the delay"},
        {"maxRestarts",
         Type::Integer,
         defaults.maxRestarts,
         0.0,
         1000000.0,
         {},
         "restarts allowed per window"},
        {"window",
         Type::Seconds,
         inSeconds(defaults.intensityWindow),
         {},
         86400.0,
         {},
         "intensity window"},
    };
    return specs;
}

} // namespace

ConfigLoader::Result ConfigLoader::parse(const QByteArray &json, const QString &source) const
{
    Result result;
    result.source = source;
    read(json, result);
    limitIssues(result.issues);
    return result;
}

void ConfigLoader::read(const QByteArray &json, Result &result) const
{
    ConfigIssues &issues = result.issues;
    // Nothing of such a file can be kept: a save must not replace it.
    const auto unreadable = [&](const ConfigIssue &issue) {
        result.config.unreadable = issue.toString();
        issues.append(issue);
    };

    const QByteArrayView text = QByteArrayView(json).sliced(byteOrderMarkSize(json)).trimmed();
    if (text.isEmpty()) {
        issues.append({ConfigIssue::Severity::Error, {}, "empty file; " + expectedTop});
        return;
    }
    // Qt reads only an object or a list at the top, and would call anything else an
    // "illegal value".
    if (!text.startsWith('{') && !text.startsWith('[')) {
        unreadable({ConfigIssue::Severity::Error, {}, expectedTop});
        return;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        unreadable({ConfigIssue::Severity::Error,
                    TextPosition::of(json, startOfError(json, error)).toString(),
                    syntaxError(error)});
        return;
    }
    if (!document.isObject()) {
        unreadable({ConfigIssue::Severity::Error, {}, expectedTop});
        return;
    }
    // The document has kept the last of each repeated key; say so, and leave
    // out any worker that has one.
    issues.append(findDuplicateKeys(json));
    QSet<int> workersWithDuplicateKeys;
    for (const ConfigIssue &issue : std::as_const(issues)) {
        if (const int index = workerIndexOf(issue.path); index >= 0)
            workersWithDuplicateKeys.insert(index);
    }

    // What does not validate is kept as written (Configuration::kept), so that a save loses
    // nothing.
    QList<KeptValue> &kept = result.config.kept;
    QVariantMap unused;
    const QVariantMap root =
        checkObject(document.object().toVariantMap(), rootSpecs(), {}, issues, &unused);
    keep(unused, {}, kept);

    // host
    unused.clear();
    const QVariantMap host =
        checkObject(root.value("host").toMap(), hostSpecs(), "host", issues, &unused);
    keep(unused, {"host"}, kept);
    if (host.contains("shutdownTimeout"))
        result.config.host.shutdownTimeout = seconds(host.value("shutdownTimeout"));
    result.config.host.startConcurrently = host.value("startConcurrently", false).toBool();
    result.config.host.stopConcurrently = host.value("stopConcurrently", false).toBool();
    if (host.contains("serviceStopTimeout"))
        result.config.host.serviceStopTimeout = seconds(host.value("serviceStopTimeout"));

    // logging
    unused.clear();
    const QVariantMap logging =
        checkObject(root.value("logging").toMap(), loggingSpecs(), "logging", issues, &unused);
    keep(unused, {"logging"}, kept);
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
            issues.append({ConfigIssue::Severity::Error, joinPath("logging.levels", it.key()),
                           QStringLiteral("expected one of \"%1\", got %2")
                               .arg(levelNames.join("\", \""), describeValue(it.value()))});
            kept.append({{"logging", "levels", it.key()}, QJsonValue::fromVariant(it.value())});
            continue;
        }
        log.levels.insert(it.key(), levelFromName(it.value().toString()));
    }

    // workers
    const QVariantList workers = root.value("workers").toList();
    const QJsonArray writtenWorkers = document.object().value("workers").toArray();
    // A worker left out is kept as written, after the valid worker it followed.
    QString lastValid;
    const auto keepWorker = [&](int i) {
        result.config.keptWorkers.append({writtenWorkers.at(i), lastValid});
    };
    QHash<QString, int> firstIndex;
    for (int i = 0; i < workers.size(); ++i) {
        const QString path = QStringLiteral("workers[%1]").arg(i);
        if (i == maxWorkers) {
            issues.append({ConfigIssue::Severity::Error, path,
                           QStringLiteral("more than %1 workers: this one and the %2 after it "
                                          "are left out")
                               .arg(maxWorkers)
                               .arg(workers.size() - i - 1)});
            for (; i < workers.size(); ++i)
                keepWorker(i);
            break;
        }
        if (workers[i].typeId() != QMetaType::QVariantMap) {
            issues.append(
                {ConfigIssue::Severity::Error, path,
                 QStringLiteral("expected an object, got %1").arg(describeValue(workers[i]))});
            keepWorker(i);
            continue;
        }
        const qsizetype firstIssue = issues.size();
        QVariantMap unknown;
        const QVariantMap entry =
            checkObject(workers[i].toMap(), workerSpecs(), path, issues, &unknown);
        WorkerConfig worker;
        keep(unknown, {}, worker.kept);
        worker.name = entry.value("name").toString();
        worker.type = entry.value("type").toString();
        const QString badName = entry.contains("name") ? nameProblem(worker.name) : QString();
        if (!badName.isEmpty())
            issues.append({ConfigIssue::Severity::Error, path + ".name", badName});
        if (!worker.name.isEmpty()) {
            if (firstIndex.contains(worker.name))
                issues.append({ConfigIssue::Severity::Error, path + ".name",
                               QStringLiteral("duplicate name %1 (first at workers[%2])")
                                   .arg(describeValue(worker.name))
                                   .arg(firstIndex.value(worker.name))});
            else
                firstIndex.insert(worker.name, i);
        }
        const WorkerType *type = m_registry.find(worker.type);
        if (entry.contains("type") && !type)
            issues.append(
                {ConfigIssue::Severity::Error, path + ".type",
                 QStringLiteral("unknown worker type %1; known types: %2")
                     .arg(describeValue(worker.type), m_registry.typeNames().join(", "))});
        if (type) {
            unknown.clear();
            worker.settings = m_registry.checkSettings(*type, entry.value("settings").toMap(),
                                                       path + ".settings", issues, &unknown);
            keep(unknown, {"settings"}, worker.kept);
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
        unknown.clear();
        const QVariantMap restart = checkObject(entry.value("restart").toMap(), restartSpecs(),
                                                path + ".restart", issues, &unknown);
        keep(unknown, {"restart"}, worker.kept);
        RestartPolicy &policy = worker.options.restart;
        policy.initialBackoff = seconds(restart.value("initialBackoff"));
        policy.backoffFactor = restart.value("factor").toDouble();
        policy.maxBackoff = seconds(restart.value("maxBackoff"));
        policy.resetAfter = seconds(restart.value("resetAfter"));
        policy.maxRestarts = restart.value("maxRestarts").toInt();
        policy.intensityWindow = seconds(restart.value("window"));

        // Only valid workers are hosted. Counting this worker's own issues
        // (not all of them) keeps a file of a million workers linear.
        if (std::none_of(issues.cbegin() + firstIssue, issues.cend(), isError) &&
            !workersWithDuplicateKeys.contains(i)) {
            lastValid = worker.name;
            result.config.workers.append(worker);
        } else {
            keepWorker(i);
        }
    }
}

ConfigLoader::Result ConfigLoader::loadFile(const QString &path) const
{
    const auto refused = [&path](const QString &message) {
        Result result;
        result.source = path;
        result.issues.append({ConfigIssue::Severity::Error, path, message});
        result.config.unreadable = result.issues.first().toString();
        return result;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result = refused(QStringLiteral("cannot read the file: %1").arg(file.errorString()));
        if (!file.exists())
            result.config.unreadable.clear(); // nothing there that a save could lose
        return result;
    }
    // A regular file says its size: refused without reading a byte.
    if (!file.isSequential() && file.size() > maxFileBytes)
        return refused(QStringLiteral("the file is %1 bytes (%2), over the limit of %3 bytes "
                                      "(%4) for a configuration; it was not read")
                           .arg(file.size())
                           .arg(sizeInMebibytes(file.size()))
                           .arg(maxFileBytes)
                           .arg(sizeInMebibytes(maxFileBytes)));
    // A pipe, a device or a file growing meanwhile: one byte past the limit is enough to know.
    QByteArray json;
    while (json.size() <= maxFileBytes) {
        const QByteArray chunk = file.read(maxFileBytes + 1 - json.size());
        if (chunk.isEmpty())
            break;
        json += chunk;
    }
    if (json.size() > maxFileBytes)
        return refused(QStringLiteral("the file holds more than %1 bytes (%2), the limit for a "
                                      "configuration; it was read no further")
                           .arg(maxFileBytes)
                           .arg(sizeInMebibytes(maxFileBytes)));
    if (file.error() != QFileDevice::NoError)
        return refused(QStringLiteral("cannot read the file: %1").arg(file.errorString()));
    return parse(json, path);
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

QString ConfigLoader::nameProblem(const QString &name)
{
    if (name.trimmed().isEmpty() || name.trimmed() != name)
        return QStringLiteral(
                   "expected a non-empty name without leading or trailing spaces, got %1")
            .arg(describeValue(name));
    if (name.size() > maxNameLength)
        return QStringLiteral("expected a name of at most %1 characters, got %2 characters")
            .arg(maxNameLength)
            .arg(name.size());
    if (std::any_of(name.cbegin(), name.cend(),
                    [](QChar c) { return c.category() == QChar::Other_Control; }))
        return QStringLiteral("expected a name without control characters (such as a line "
                              "break), got %1")
            .arg(describeValue(name));
    return {};
}

} // namespace workhost
