#include <workhost/control/eventstream.h>

#include <workhost/control/frameencoder.h>
#include <workhost/control/protocolmessages.h>

#include <QCborMap>

namespace workhost {

EventStream::EventStream(QString name, size_t maxEvents, size_t maxBytes, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_backlog(maxEvents, maxBytes)
{}

quint64 EventStream::publish(const QCborValue &payload)
{
    const quint64 seq = m_backlog.nextSeq();
    QByteArray frame = encodeFrame(toCbor(ControlEvent{m_name, qint64(seq), payload}));
    if (frame.isEmpty()) // over the frame limit: its seq still comes, saying so
        frame = encodeFrame(toCbor(ControlEvent{
            m_name, qint64(seq),
            QCborMap{{QStringLiteral("omitted"), QStringLiteral("over the frame limit")}}}));
    m_backlog.append(std::move(frame));
    ++m_encodedEvents;
    Q_EMIT appended();
    return seq;
}

void EventStream::prepareForSubscriber()
{
    Q_EMIT subscriberArriving();
}

void EventStream::addSubscriber()
{
    if (++m_subscribers == 1)
        Q_EMIT demandChanged(true);
}

void EventStream::removeSubscriber()
{
    Q_ASSERT(m_subscribers > 0);
    if (m_subscribers > 0 && --m_subscribers == 0)
        Q_EMIT demandChanged(false);
}

} // namespace workhost
