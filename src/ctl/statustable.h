#pragma once

#include <QCborArray>
#include <QStringList>

namespace workhost::ctl {

// The `status` table, like `supervisorctl status` and `pm2 ls`: one row per
// service status (docs/PROTOCOL.md, "status"), columns aligned, "-" where a
// value does not apply (no pid for a thread worker, no uptime when stopped).
//
//   NAME    TYPE       STATE    PID    UPTIME  RESTARTS  CPU    MEMORY    MESSAGE
//   beat    heartbeat  running  -      2h 05m  0         1.2s   -         tick 1500
//
// A value; any thread.
class StatusTable
{
public:
    // `nowMs`: milliseconds since the epoch, for the uptimes.
    static QStringList render(const QCborArray &services, qint64 nowMs);

    // "12s", "4m 12s", "2h 05m", "3d 04h".
    static QString duration(qint64 ms);
    // CPU time: "0.42s" under a minute, else as duration().
    static QString cpuTime(qint64 ms);
    // "812 B", "12.3 KiB", "45.0 MiB", "1.20 GiB".
    static QString bytes(qint64 bytes);
};

} // namespace workhost::ctl
