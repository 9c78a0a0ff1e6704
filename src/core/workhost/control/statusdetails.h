#pragma once

#include <workhost/hosting/servicestatus.h>

#include <QCborMap>
#include <QtGlobal>

#include <optional>

namespace workhost {

class ProcessMemoryCache;

// A service's status as the "statuses" stream sends it: the fields of
// toCbor(ServiceStatus), plus `type` (the worker type from the
// configuration; empty `type` leaves it out). Any thread.
QCborMap typedStatus(const ServiceStatus &status, const QString &type);

// A service's status as the control socket's "status" answers it: the
// fields of typedStatus(), plus `memoryBytes`
// (the resident memory of the program in values.pid, when the service
// publishes one that is running, from `memory`). A function of the host's thread.
QCborMap detailedStatus(const ServiceStatus &status, const QString &type,
                        ProcessMemoryCache &memory);

// The resident set size of process `pid` (Linux: /proc/<pid>/statm), or
// none when it cannot be read (no such process).
std::optional<qint64> residentBytes(qint64 pid);

} // namespace workhost
