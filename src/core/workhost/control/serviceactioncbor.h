#pragma once

#include <workhost/control/messageerror.h>
#include <workhost/hosting/serviceaction.h>

#include <QCborMap>

namespace workhost {

// One of a worker's actions as the control protocol's "describe" sends it
// (docs/PROTOCOL.md): {name, label, count: {minimum, maximum, initial}}, count
// left out when the action takes none. Any thread.
QCborMap toCbor(const ServiceAction &action);

// The reverse, for a client (RemoteHostSession): names the first wrong field.
Parsed<ServiceAction> serviceActionFromCbor(const QCborMap &map);

} // namespace workhost
