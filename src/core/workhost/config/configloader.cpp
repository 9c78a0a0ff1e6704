#include <workhost/config/configloader.h>

#include <workhost/config/duplicatekeys.h>
#include <workhost/config/hostsectionreader.h>
#include <workhost/config/loggingsectionreader.h>
#include <workhost/config/objectchecker.h>
#include <workhost/config/textposition.h>
#include <workhost/config/workersectionreader.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>

#include <optional>

namespace workhost {

namespace {

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
        SettingSpec::object("host").withDefault(QVariantMap()).describedAs("host options"),
        SettingSpec::object("logging")
            .withDefault(QVariantMap())
            .describedAs("log levels, retention, files"),
        SettingSpec::list("workers").withDefault(QVariantList()).describedAs("the workers"),
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

std::optional<QJsonDocument> ConfigLoader::readDocument(const QByteArray &json, Result &result)
{
    ConfigIssues &issues = result.issues;
    // Nothing of such a file can be kept: a save must not replace it.
    const auto unreadable = [&](const ConfigIssue &issue) {
        result.config.unreadable = issue.toString();
        issues.append(issue);
        return std::nullopt;
    };
    const QByteArrayView text = QByteArrayView(json).sliced(byteOrderMarkSize(json)).trimmed();
    if (text.isEmpty()) {
        issues.append({ConfigIssue::Severity::Error, {}, "empty file; " + expectedTop});
        return std::nullopt;
    }
    // Qt reads only an object or a list at the top, and would call anything else an
    // "illegal value".
    if (!text.startsWith('{') && !text.startsWith('['))
        return unreadable({ConfigIssue::Severity::Error, {}, expectedTop});
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return unreadable({ConfigIssue::Severity::Error,
                           TextPosition::of(json, startOfError(json, error)).toString(),
                           syntaxError(error)});
    if (!document.isObject())
        return unreadable({ConfigIssue::Severity::Error, {}, expectedTop});
    return document;
}

void ConfigLoader::read(const QByteArray &json, Result &result) const
{
    const std::optional<QJsonDocument> document = readDocument(json, result);
    if (!document)
        return;
    ConfigIssues &issues = result.issues;
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
    Configuration &config = result.config;
    const QJsonObject written = document->object();
    const QVariantMap root =
        checkObjectKeeping(written.toVariantMap(), rootSpecs(), {}, issues, {}, config.kept);
    config.host = readHostSection(root.value("host").toMap(), issues, config.kept);
    config.logging = readLoggingSection(root.value("logging").toMap(), issues, config.kept);
    WorkerSectionReader(m_registry, config, issues)
        .read(root.value("workers").toList(), written.value("workers").toArray(),
              workersWithDuplicateKeys);
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
