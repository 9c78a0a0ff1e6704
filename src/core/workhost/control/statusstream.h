#pragma once

#include <QObject>

namespace workhost {

class EventStream;
class Host;

// Feeds the "statuses" EventStream from a Host: one event per
// statusesChanged batch (the statuses that changed) and one per service
// transition, in the order the host emits them (docs/PROTOCOL.md). A
// subscriber gets the snapshot (Host::statuses()) in the reply to subscribe.
//
// Owner: ControlServer, on the host's thread. Nothing crosses threads.
class StatusStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusStream)

public:
    StatusStream(Host &host, EventStream &stream, QObject *parent = nullptr);
};

} // namespace workhost
