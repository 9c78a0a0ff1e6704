#include <workhost/control/streamhub.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/cborfieldreader.h>
#include <workhost/control/controlconnection.h>
#include <workhost/control/eventstream.h>
#include <workhost/control/logstream.h>
#include <workhost/control/shutdownprogresscbor.h>
#include <workhost/control/statusdetails.h>
#include <workhost/control/statusstream.h>
#include <workhost/control/streamsubscriber.h>
#include <workhost/hosting/host.h>

#include <QCborArray>

#include <limits>

namespace workhost {

StreamHub::StreamHub(Host &host, const ControlServerOptions &options, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_workerType(options.workerType)
    , m_eventQueueBytes(options.eventQueueBytes)
    , m_maxLagEvents(options.maxLagEvents)
    , m_statuses(new EventStream(QStringLiteral("statuses"), options.statusBacklogEvents,
                                 options.statusBacklogBytes, this))
{
    new StatusStream(host, *m_statuses, options.workerType, this);
    if (options.liveLog) {
        m_logs = new EventStream(QStringLiteral("logs"), options.logBacklogEvents,
                                 options.logBacklogBytes, this);
        m_logStream = new LogStream(options.liveLog, *m_logs, this);
    }
}

EventStream *StreamHub::stream(const QString &name) const
{
    if (name == m_statuses->name())
        return m_statuses;
    if (m_logs && name == m_logs->name())
        return m_logs;
    return nullptr;
}

ControlReply StreamHub::subscribe(ControlConnection &connection, const ControlRequest &request)
{
    CborFieldReader reader(request.params);
    const QString name = reader.text(QStringLiteral("stream"), protocol::maxNameLength);
    const bool resumes = reader.has(QStringLiteral("from"));
    const qint64 from =
        resumes ? reader.integer(QStringLiteral("from"), 0, std::numeric_limits<qint64>::max()) : 0;
    EventStream *stream = reader.error() ? nullptr : this->stream(name);
    if (!reader.error() && !stream)
        reader.fail(QStringLiteral("stream"),
                    QStringLiteral("no stream \"%1\" (this host has: statuses%2)")
                        .arg(name, m_logs ? QStringLiteral(", logs") : QString()));
    if (stream)
        stream->prepareForSubscriber(); // "logs": what the sink held is published now
    const EventBacklog *backlog = stream ? &stream->backlog() : nullptr;
    if (!reader.error() && resumes && quint64(from) > backlog->newest())
        reader.fail(QStringLiteral("from"),
                    QStringLiteral("%1 is past the newest event of \"%2\", %3 (another host?)")
                        .arg(from)
                        .arg(name)
                        .arg(backlog->newest()));
    if (reader.error())
        return ControlReply::failure(request.id, errorcode::badParams, reader.error()->toString());

    const quint64 lastSeen = resumes ? quint64(from) : backlog->newest();
    const quint64 first = qMax(lastSeen + 1, backlog->oldest());
    auto *subscriber =
        connection.findChild<StreamSubscriber *>(QString(), Qt::FindDirectChildrenOnly);
    if (!subscriber) {
        subscriber = new StreamSubscriber(connection, m_eventQueueBytes, m_maxLagEvents);
        connect(subscriber, &StreamSubscriber::eventsDropped, this,
                [this](const QString &, quint64 count) { m_droppedEvents += count; });
    }
    // The reply tells how many the backlog let go; the events start after them.
    subscriber->subscribe(*stream, first - 1);

    QCborMap result;
    result.insert(QStringLiteral("stream"), name);
    result.insert(QStringLiteral("first"), qint64(first));
    result.insert(QStringLiteral("missed"), qint64(first - lastSeen - 1));
    result.insert(QStringLiteral("newest"), qint64(backlog->newest()));
    if (stream == m_statuses)
        result.insert(QStringLiteral("snapshot"), statusSnapshot());
    return ControlReply::success(request.id, result);
}

QCborMap StreamHub::statusSnapshot() const
{
    QCborArray services;
    for (const ServiceStatus &status : m_host.statuses())
        services.append(typedStatus(status, m_workerType ? m_workerType(status.name) : QString()));
    QCborMap snapshot{{QStringLiteral("hostState"), configName(m_host.state())},
                      {QStringLiteral("services"), services}};
    if (m_host.state() == HostState::Stopping) // a client that comes mid-stop sees it at once
        snapshot.insert(QStringLiteral("shutdown"), toCbor(m_host.shutdownProgress()));
    return snapshot;
}

void StreamHub::publishPending()
{
    if (m_logStream)
        m_logStream->publishPending();
}

} // namespace workhost
