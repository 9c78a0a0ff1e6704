#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace workhost {

class EventStream;
class Host;

// Feeds the "statuses" EventStream from a Host, one event per host signal, in
// the order the host emits them (docs/PROTOCOL.md, "Payloads"): "host" per
// state (stateChanged), "added" and "removed" per service (serviceAdded,
// serviceRemoved), "transition" per service transition, "statuses" per
// statusesChanged batch (the statuses that changed), and "shutdown" per
// shutdownProgressChanged while the host stops. Every status carries
// the worker's `type` when `workerType` knows it. A subscriber gets the
// snapshot (Host::statuses()) in the reply to subscribe.
//
// Owner: StreamHub, on the host's thread. Nothing crosses threads.
class StatusStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusStream)

public:
    using WorkerType = std::function<QString(const QString &name)>;

    // `workerType` may be empty: no status carries a `type`.
    StatusStream(Host &host, EventStream &stream, WorkerType workerType, QObject *parent = nullptr);

private:
    void publishAdded(const QString &name);
    QString typeOf(const QString &name) const;

    Host &m_host;
    EventStream &m_stream;
    const WorkerType m_workerType;
};

} // namespace workhost
