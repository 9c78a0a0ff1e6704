#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/servicestatus.h>

#include <QCborMap>
#include <QList>

namespace workhost {

// The control socket's "health" (what `workhost ctl health` exits on): the
// host is healthy when it is Running and no worker is in trouble. A worker is
// in trouble when it Faulted, GaveUp, TimedOut (a stop it did not obey), or
// is BackingOff (it faulted and waits to restart). Running, starting,
// stopping and stopped ones are where they should be: a one-shot worker that
// completed, one not started automatically and one stopped by hand included.
//
//   {healthy: bool, hostState: text, problems: [{name, state, message}]}
//
// `message` is the worker's last error, or what its state means.
// A pure function; any thread.
QCborMap healthOf(HostState hostState, const QList<ServiceStatus> &statuses);

} // namespace workhost
