#pragma once

#include <workhost/control/eventbacklog.h>

#include <QCborStreamWriter>
#include <QCborValue>
#include <QObject>

#include <QString>
#include <functional>

namespace workhost {

// One named stream of events ("logs", "statuses"): numbers what is published
// (its own seq, from 1), encodes each event once as the frame every
// subscriber is sent, keeps the newest in a bounded EventBacklog and says
// when there is more, so that each subscriber (StreamSubscriber) sends on at
// its own pace.
//
// It also counts its subscribers, so that a source that costs something to
// follow (LogStream) need only follow while one listens: demandChanged()
// when the first comes and when the last goes, and subscriberArriving()
// before a subscriber is told where its events start, for the source to
// publish what it held back.
//
// Owner: ControlServer, on the host's thread. Nothing crosses threads.
class EventStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStream)

public:
    EventStream(QString name, size_t maxEvents, size_t maxBytes, QObject *parent = nullptr);

    const QString &name() const { return m_name; }
    const EventBacklog &backlog() const { return m_backlog; }
    // Numbers `payload`, keeps it and emits appended(). Returns its seq.
    quint64 publish(const QCborValue &payload);
    // The same, with the payload written straight into the event's frame by
    // `writePayload` (one value): no QCborValue built, no second array. For
    // the logs stream's thousands of events a second, where building a
    // QCborMap per record was most of four clients' cost (docs/PERFORMANCE.md).
    quint64 publishWritten(const std::function<void(QCborStreamWriter &)> &writePayload);
    // Numbers `count` events that are never kept nor sent (see EventBacklog::skip).
    void skip(quint64 count) { m_backlog.skip(count); }
    // Events encoded so far (published, not skipped).
    quint64 encodedEvents() const { return m_encodedEvents; }

    // Called by StreamHub before it answers a subscribe (emits subscriberArriving()).
    void prepareForSubscriber();
    // Called by each StreamSubscriber: once when it starts, once when it ends.
    void addSubscriber();
    void removeSubscriber();
    int subscribers() const { return m_subscribers; }

Q_SIGNALS:
    void appended();
    void subscriberArriving();
    // The first subscriber came (true) or the last went (false).
    void demandChanged(bool wanted);

private:
    const QString m_name;
    EventBacklog m_backlog;
    quint64 m_encodedEvents = 0;
    int m_subscribers = 0;
};

} // namespace workhost
