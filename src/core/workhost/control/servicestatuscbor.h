#pragma once

#include <workhost/control/messageerror.h>
#include <workhost/hosting/servicestatus.h>

#include <QCborMap>

namespace workhost {

// One service's status as the control protocol sends it (docs/PROTOCOL.md,
// "status"): enums by their configuration names ("running"), times as
// milliseconds since the epoch (UTC), durations in milliseconds; a field
// without a value (never started, no progress, no error) is left out. Any thread.
QCborMap toCbor(const ServiceStatus &status);

// The reverse, for a client (RemoteHostSession): checks every field it reads
// and names the first wrong one. cpuTime comes back in whole milliseconds.
Parsed<ServiceStatus> serviceStatusFromCbor(const QCborMap &map);

} // namespace workhost
