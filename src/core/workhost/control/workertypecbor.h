#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/control/messageerror.h>

#include <QCborMap>

namespace workhost {

// A worker type's schema as the control protocol's "describe" sends it
// (docs/PROTOCOL.md): {name, description, settings: [{name, type, default,
// minimum, maximum, choices, description, smallestAboveZero, invertedLabel}]},
// a field without a value left out (a setting without "default" is
// required). Only the schema crosses: `create` and `adjustOptions` stay in
// the host, so a type read back makes no workers; it checks settings and
// draws the "add worker" form. Any thread.
QCborMap toCbor(const WorkerType &type);

// The reverse, for a client (RemoteHostSession): checks every field it reads
// and names the first wrong one ("settings[2].type: ...").
Parsed<WorkerType> workerTypeFromCbor(const QCborMap &map);

} // namespace workhost
