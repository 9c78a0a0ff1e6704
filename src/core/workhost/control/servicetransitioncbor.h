#pragma once

#include <workhost/control/messageerror.h>
#include <workhost/hosting/servicestatus.h>

#include <QCborMap>

namespace workhost {

// One service transition as the "statuses" stream sends it (docs/PROTOCOL.md,
// Payloads): {kind: "transition", service, from, to, at (ms since the epoch),
// reason, outcome (absent unless the transition ends a run), automaticRestart}.
// Any thread.
QCborMap toCbor(const ServiceTransition &transition);

// The reverse, for a client: checks every field and names the first wrong one.
Parsed<ServiceTransition> serviceTransitionFromCbor(const QCborMap &map);

} // namespace workhost
