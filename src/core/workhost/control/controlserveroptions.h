#pragma once

#include <QString>
#include <QtGlobal>

namespace workhost {

// How a ControlServer serves its clients. A value.
struct ControlServerOptions
{
    // The configuration file the host runs, named in the hello (may be empty).
    QString configPath;
    // Bytes a client may leave unread before it is dropped (per client).
    qsizetype maxQueuedBytes = qsizetype(4) << 20;
    // Clients at once; one more is refused and logged.
    int maxClients = 64;
};

} // namespace workhost
