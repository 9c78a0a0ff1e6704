#pragma once

#include <workhost/control/eventbacklog.h>

#include <QCborValue>
#include <QObject>
#include <QString>

namespace workhost {

// One named stream of events ("logs", "statuses"): numbers what is published
// (its own seq, from 1), encodes each event once as the frame every
// subscriber is sent, keeps the newest in a bounded EventBacklog and says
// when there is more, so that each subscriber (StreamSubscriber) sends on at
// its own pace.
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

Q_SIGNALS:
    void appended();

private:
    const QString m_name;
    EventBacklog m_backlog;
};

} // namespace workhost
