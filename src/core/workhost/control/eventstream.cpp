#include <workhost/control/eventstream.h>

#include <workhost/control/framing.h>

#include <QBuffer>
#include <QtEndian>

#include <workhost/control/frameencoder.h>
#include <workhost/control/protocolmessages.h>

#include <QCborMap>

namespace workhost {

EventStream::EventStream(QString name, size_t maxEvents, size_t maxBytes, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_backlog(maxEvents, maxBytes)
{}

quint64 EventStream::publishWritten(const std::function<void(QCborStreamWriter &)> &writePayload)
{
    const quint64 seq = m_backlog.nextSeq();
    QByteArray frame(framing::headerBytes, Qt::Uninitialized);
    frame.reserve(384);
    {
        QBuffer out(&frame);
        out.open(QIODevice::WriteOnly | QIODevice::Append);
        QCborStreamWriter writer(&out);
        writer.startMap(4);
        writer.append(QLatin1String("type"));
        writer.append(QLatin1String("event"));
        writer.append(QLatin1String("stream"));
        writer.append(m_name);
        writer.append(QLatin1String("seq"));
        writer.append(qint64(seq));
        writer.append(QLatin1String("payload"));
        writePayload(writer);
        writer.endMap();
    }
    const qsizetype cborBytes = frame.size() - framing::headerBytes;
    if (cborBytes > framing::maxFrameBytes)
        return publish(
            QCborMap{{QStringLiteral("omitted"), QStringLiteral("over the frame limit")}});
    qToBigEndian<quint32>(quint32(cborBytes), frame.data());
    m_backlog.append(std::move(frame));
    ++m_encodedEvents;
    Q_EMIT appended();
    return seq;
}

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
