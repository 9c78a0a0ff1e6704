#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <optional>

namespace workhost {

class WorkerRegistry;

// Reads a configuration file (JSON) and checks every part of it. Nothing is
// lost to a bad entry: the result holds every valid worker, keeps whatever did
// not validate (or has a key it does not know) as written, for ConfigWriter to
// write back (Configuration::kept, keptWorkers, WorkerConfig::kept), and
// gives one issue per problem, each saying where and what:
//   line 3, column 14: JSON syntax error: missing value separator
//   workers[2].settings.interval: expected a positive number of seconds, got "fast"
//   workers[4].name: duplicate name "heartbeat" (first at workers[0])
// Unknown keys are warnings. Keys repeated in an object are errors (JSON
// readers silently keep the last), and so are more than `maxWorkers` workers
// and a file of more than `maxFileBytes`.
// At most `maxListedIssues` issues are listed, then one that counts the rest.
// A stateless value type; any thread.
class ConfigLoader
{
public:
    struct Result
    {
        Configuration config; // the valid parts, and the rest kept as written
        ConfigIssues issues;
        QString source; // file path or resource, for messages
        bool ok() const { return !hasErrors(issues); }
    };

    static constexpr qsizetype maxListedIssues = 100;
    // loadFile() refuses a larger file before parsing it: a parsed document
    // costs about 25 times its size (a 50 MB file took 1.2 GB). 1,000 workers
    // with every setting written out, indented, take about 1.2 MB.
    static constexpr qint64 maxFileBytes = 4 * 1024 * 1024;
    // Each worker runs on a thread of its own: more is not a configuration.
    static constexpr int maxWorkers = 1000;

    explicit ConfigLoader(const WorkerRegistry &registry)
        : m_registry(registry)
    {}

    Result parse(const QByteArray &json, const QString &source = {}) const;
    // Reads at most maxFileBytes + 1 bytes (a pipe or a growing file cannot
    // get around the limit), then parse(). A file over the limit gives one
    // error naming its size and the limit, and nothing else. A file that
    // could not be read at all (too large, unreadable, a syntax error; not
    // one that does not exist) sets Configuration::unreadable.
    Result loadFile(const QString &path) const;

    // What is wrong with a worker's name (empty, spaces around it, longer than
    // 64 characters, control characters), or nothing. The window's "add
    // worker" form asks the same question.
    static QString nameProblem(const QString &name);

    // The built-in default configuration (a resource).
    static QString defaultConfigPath() { return QStringLiteral(":/config/default.json"); }
    // The user's file under QStandardPaths::AppConfigLocation.
    static QString userConfigPath();
    // --config PATH if given, else the user's file if it exists, else the default.
    static QString choosePath(const QString &commandLinePath);

private:
    // The document, or nothing when the text is not a JSON object (the issue
    // is then in `result`, and Configuration::unreadable says it).
    static std::optional<QJsonDocument> readDocument(const QByteArray &json, Result &result);
    void read(const QByteArray &json, Result &result) const;

    const WorkerRegistry &m_registry;
};

} // namespace workhost
