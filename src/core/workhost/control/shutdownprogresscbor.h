#pragma once

#include <workhost/control/messageerror.h>
#include <workhost/hosting/shutdownprogress.h>

#include <QCborMap>

namespace workhost {

// The host's graceful stop as the "statuses" stream sends it (docs/PROTOCOL.md,
// Payloads: the `progress` of a {kind: "shutdown"} event): {elapsedMs,
// remainingMs, entries: [{service, state, stopRequested, overran, elapsedMs}]},
// durations in milliseconds, states by their configuration names ("stopping").
// Any thread.
QCborMap toCbor(const ShutdownProgress &progress);

// The reverse, for a client (RemoteHostSession): checks every field and names
// the first wrong one, an entry's as "entries[2].state".
Parsed<ShutdownProgress> shutdownProgressFromCbor(const QCborMap &map);

} // namespace workhost
