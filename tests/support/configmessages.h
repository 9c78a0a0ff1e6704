#pragma once

// A loader result's issues as "error PATH: MESSAGE" / "warning ...", one per
// line, as the configuration tests compare them.

#include <workhost/config/configloader.h>

#include <QStringList>

namespace workhost::test {

inline QStringList messages(const ConfigLoader::Result &result)
{
    QStringList out;
    for (const ConfigIssue &issue : result.issues)
        out << QStringLiteral("%1 %2").arg(issue.isError() ? "error" : "warning", issue.toString());
    return out;
}

} // namespace workhost::test
