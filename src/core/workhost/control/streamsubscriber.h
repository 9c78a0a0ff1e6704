#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

namespace workhost {

class ControlConnection;
class EventStream;

// What one client is subscribed to, and how far it got in each stream: sends
// it each stream's events in order, from the backlog, only while its
// unsent bytes are under `softBytes`, so that a slow client never makes the
// host buffer more than that for it, and the host never waits for it. When it
// drains (bytesWritten), it goes on where it stopped; events the backlog let
// go meanwhile come as one "dropped" event with their count and seqs
// (docs/PROTOCOL.md). A client that stays stuck while a stream runs more than
// `maxLagEvents` ahead of it is disconnected. Each stream counts it as a
// subscriber (EventStream::addSubscriber) until its connection closes.
//
// Owner: its ControlConnection (a child of it), on the host's thread. Nothing
// crosses threads.
class StreamSubscriber : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamSubscriber)

public:
    StreamSubscriber(ControlConnection &connection, qint64 softBytes, quint64 maxLagEvents);
    ~StreamSubscriber() override;

    // From the event loop on (after the reply that says so goes out), sends
    // `stream`'s events after `lastSeen`. Again for the same stream: resumes
    // from the new `lastSeen`.
    void subscribe(EventStream &stream, quint64 lastSeen);

Q_SIGNALS:
    // `count` events of `stream` were not sent to this client (a "dropped" event says so).
    void eventsDropped(const QString &stream, quint64 count);

private:
    struct Cursor
    {
        QPointer<EventStream> stream;
        quint64 lastSent = 0;
    };
    void pump(Cursor &cursor);
    void pumpAll();
    bool blocked() const;
    void sendDropped(Cursor &cursor, quint64 toSeq);
    // Tells each stream this subscriber is gone (once: closed, or destroyed).
    void leaveStreams();

    ControlConnection &m_connection;
    const qint64 m_softBytes;
    const quint64 m_maxLagEvents;
    QHash<QString, Cursor> m_cursors;
    bool m_closed = false;
    bool m_leftStreams = false; // leaveStreams() ran
};

} // namespace workhost
