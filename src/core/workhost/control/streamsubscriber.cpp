#include <workhost/control/streamsubscriber.h>

#include <workhost/control/controlconnection.h>
#include <workhost/control/eventstream.h>
#include <workhost/control/frameencoder.h>
#include <workhost/control/protocolmessages.h>

#include <QCborMap>
#include <QTimer>

#include <utility>

namespace workhost {

StreamSubscriber::StreamSubscriber(ControlConnection &connection, qint64 softBytes,
                                   quint64 maxLagEvents)
    : QObject(&connection)
    , m_connection(connection)
    , m_softBytes(softBytes)
    , m_maxLagEvents(maxLagEvents)
{
    connect(&connection, &ControlConnection::closed, this, [this] {
        m_closed = true;
        leaveStreams();
    });
    connect(&connection, &ControlConnection::bytesWritten, this, &StreamSubscriber::pumpAll);
}

StreamSubscriber::~StreamSubscriber()
{
    leaveStreams();
}

void StreamSubscriber::leaveStreams()
{
    // The cursors stay: this may run inside pump(), from the connection closing under it.
    if (std::exchange(m_leftStreams, true))
        return;
    for (const Cursor &cursor : std::as_const(m_cursors))
        if (!cursor.stream.isNull())
            cursor.stream->removeSubscriber();
}

void StreamSubscriber::subscribe(EventStream &stream, quint64 lastSeen)
{
    if (m_closed)
        return; // nothing will be sent: no cursor, not counted as a subscriber
    const bool known = m_cursors.contains(stream.name());
    Cursor &cursor = m_cursors[stream.name()];
    cursor.stream = &stream;
    cursor.lastSent = lastSeen;
    if (!known) {
        connect(&stream, &EventStream::appended, this, [this, name = stream.name()] {
            if (const auto it = m_cursors.find(name); it != m_cursors.end())
                pump(*it);
        });
        stream.addSubscriber();
    }
    // Not now: the reply to subscribe goes out first.
    QTimer::singleShot(0, this, &StreamSubscriber::pumpAll);
}

void StreamSubscriber::pumpAll()
{
    for (Cursor &cursor : m_cursors)
        pump(cursor);
}

bool StreamSubscriber::blocked() const
{
    return m_connection.queuedBytes() >= m_softBytes;
}

void StreamSubscriber::pump(Cursor &cursor)
{
    if (m_closed || cursor.stream.isNull())
        return;
    const EventBacklog &backlog = cursor.stream->backlog();
    while (!m_closed && cursor.lastSent < backlog.newest() && !blocked()) {
        if (cursor.lastSent + 1 < backlog.oldest()) {
            sendDropped(cursor, backlog.oldest() - 1);
            continue;
        }
        cursor.lastSent += 1;
        m_connection.sendFrame(*backlog.frame(cursor.lastSent));
    }
    if (!m_closed && backlog.newest() - cursor.lastSent > m_maxLagEvents)
        m_connection.drop(QStringLiteral("it takes no events: stream \"%1\" ran %2 events "
                                         "ahead of it, past the bound of %3")
                              .arg(cursor.stream->name())
                              .arg(backlog.newest() - cursor.lastSent)
                              .arg(m_maxLagEvents));
}

void StreamSubscriber::sendDropped(Cursor &cursor, quint64 toSeq)
{
    const quint64 fromSeq = cursor.lastSent + 1;
    const quint64 count = toSeq - cursor.lastSent;
    Q_EMIT eventsDropped(cursor.stream->name(), count);
    QCborMap payload{{QStringLiteral("dropped"), qint64(count)},
                     {QStringLiteral("fromSeq"), qint64(fromSeq)},
                     {QStringLiteral("toSeq"), qint64(toSeq)}};
    // It takes the seq of the last one dropped: what the client saw last is still where it resumes.
    m_connection.sendFrame(
        encodeFrame(toCbor(ControlEvent{cursor.stream->name(), qint64(toSeq), payload})));
    cursor.lastSent = toSeq;
}

} // namespace workhost
