#pragma once

#include <QList>
#include <QString>

namespace workhost {

// One problem found in a configuration: where (a JSON path such as
// `workers[2].settings.interval`, or `line 4, column 7` for syntax) and what.
struct ConfigIssue
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString path;
    QString message;

    bool isError() const { return severity == Severity::Error; }
    // "workers[2].settings.interval: expected a positive number of seconds, got "fast""
    QString toString() const
    {
        return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
    }
};

using ConfigIssues = QList<ConfigIssue>;

inline bool hasErrors(const ConfigIssues &issues)
{
    for (const ConfigIssue &issue : issues) {
        if (issue.isError())
            return true;
    }
    return false;
}

} // namespace workhost
