#pragma once

#include <QByteArray>
#include <QString>

#include <unistd.h>

namespace workhost {

// The environment variable that tells which host, worker and launch a process
// belongs to: WORKHOST_RUN=<host pid>:<worker>:<launch>. A command worker sets
// it for its program; the program's children and daemons inherit it, so the
// host can tell whose an adopted process is (/proc/PID/environ), and the
// orphan guard can find every process of a host that is gone.
struct RunMarker
{
    static constexpr char variable[] = "WORKHOST_RUN";

    // The value for one launch of a worker's program.
    static QString value(const QString &worker, quint64 launch)
    {
        return QStringLiteral("%1:%2:%3").arg(::getpid()).arg(worker).arg(launch);
    }
    // The whole environment entry, as /proc/PID/environ holds it.
    static QByteArray entry(const QString &value)
    {
        return QByteArray(variable) + '=' + value.toUtf8();
    }
};

} // namespace workhost
