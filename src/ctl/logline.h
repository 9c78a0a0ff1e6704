#pragma once

#include <QCborMap>
#include <QString>

#include <optional>

namespace workhost::ctl {

// One event of the "logs" stream as a line of `logs` output:
//   2026-12-02 16:05:10.123 INFO  backup: copied 12 files
// coloured by level on a terminal (debug and trace dim, warnings yellow,
// errors red), and the gaps ({dropped: N}, {lost: N}) as one line that says
// how many records were missed. Values; any thread.
class LogLine
{
public:
    // The payload of a log record, as a line; nothing when it is not one.
    static std::optional<QString> record(const QCborMap &payload, bool colour);
    // The payload of a gap ("dropped", "lost", "omitted"), as a line; nothing when it is none.
    static std::optional<QString> gap(const QCborMap &payload);
    // "1 record was missed", "3 records were missed".
    static QString wereMissed(qint64 count);
    // The same gap for standard error: "3 records were missed: <why>"; nothing when it is none.
    static std::optional<QString> missed(const QCborMap &payload);
    // A level's rank (trace 0 ... critical 5); -1 for a name not known.
    static int rank(const QString &level);
    // Whether a record passes the filter: its service among `names` (all when
    // empty) and its level at least `minimumLevel` (all when empty).
    static bool passes(const QCborMap &payload, const QStringList &names,
                       const QString &minimumLevel);
};

} // namespace workhost::ctl
