#pragma once

#include <workhost/control/controlserveroptions.h>
#include <workhost/control/protocolmessages.h>

#include <QObject>

#include <functional>

namespace workhost {

class ControlConnection;
class EventStream;
class Host;
class LogStream;

// The streams a host's control socket offers (docs/PROTOCOL.md, "Streams"):
// "statuses" (fed by a StatusStream) and, with a live log sink, "logs" (fed
// by a LogStream); answers "subscribe" for a client: where its events start,
// how many it missed, and for "statuses" the snapshot; its StreamSubscriber
// then sends the events.
//
// Owner: ControlServer, on the host's thread. Nothing crosses threads.
class StreamHub : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHub)

public:
    StreamHub(Host &host, const ControlServerOptions &options, QObject *parent = nullptr);

    ControlReply subscribe(ControlConnection &connection, const ControlRequest &request);
    // The stream called `name`, or nullptr.
    EventStream *stream(const QString &name) const;
    // The log records not published yet, published now (LogStream::publishPending()).
    void publishPending();
    // Events not sent to slow clients because the backlog let them go first, all clients.
    quint64 droppedEvents() const { return m_droppedEvents; }

private:
    QCborMap statusSnapshot() const;

    Host &m_host;
    const std::function<QString(const QString &name)> m_workerType;
    const qsizetype m_eventQueueBytes;
    const quint64 m_maxLagEvents;
    EventStream *m_statuses;
    EventStream *m_logs = nullptr;
    LogStream *m_logStream = nullptr; // with m_logs
    quint64 m_droppedEvents = 0;
};

} // namespace workhost
