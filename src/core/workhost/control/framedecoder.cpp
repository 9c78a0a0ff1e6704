#include <workhost/control/framedecoder.h>

#include <QCborStreamReader>
#include <QCborValue>
#include <QtEndian>

namespace workhost {

namespace {

// Consumed bytes are dropped from the front of the buffer once there are this
// many (or all are read), so a long stream costs one move per 64 KiB.
constexpr qsizetype compactAfterBytes = 64 * 1024;

DecodedFrame errorFrame(FrameError::Kind kind, qint64 offset, const QString &message)
{
    DecodedFrame frame;
    frame.kind = DecodedFrame::Kind::Error;
    frame.error = FrameError{kind, offset, message};
    return frame;
}

QString typeName(const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::Integer:
        return QStringLiteral("an integer");
    case QCborValue::ByteArray:
        return QStringLiteral("a byte string");
    case QCborValue::String:
        return QStringLiteral("a text string");
    case QCborValue::Array:
        return QStringLiteral("an array");
    case QCborValue::Tag:
        return QStringLiteral("a tagged value");
    case QCborValue::False:
    case QCborValue::True:
        return QStringLiteral("a boolean");
    case QCborValue::Null:
        return QStringLiteral("null");
    case QCborValue::Double:
        return QStringLiteral("a floating-point number");
    default:
        return QStringLiteral("a simple value");
    }
}

} // namespace

FrameDecoder::FrameDecoder(qsizetype maxFrameBytes)
    : m_maxFrameBytes(maxFrameBytes)
{}

void FrameDecoder::feed(QByteArrayView chunk)
{
    if (m_fatal)
        return;
    if (m_start == m_buffer.size() || m_start >= compactAfterBytes) {
        m_buffer.remove(0, m_start);
        m_bufferOffset += m_start;
        m_start = 0;
    }
    m_buffer.append(chunk);
}

void FrameDecoder::consume(qsizetype bytes)
{
    m_start += bytes;
}

DecodedFrame FrameDecoder::next()
{
    if (m_fatal)
        return errorFrame(m_fatal->kind, m_fatal->offset, m_fatal->message);
    if (bufferedBytes() < framing::headerBytes)
        return {};
    const qint64 frameOffset = streamOffset();
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_start);
    if (length > quint64(m_maxFrameBytes)) {
        m_fatal = FrameError{FrameError::Kind::TooLarge, frameOffset,
                             QStringLiteral("a frame declares %1 bytes; at most %2 are allowed")
                                 .arg(length)
                                 .arg(m_maxFrameBytes)};
        return next();
    }
    if (length == 0) {
        consume(framing::headerBytes);
        return errorFrame(FrameError::Kind::Empty, frameOffset,
                          QStringLiteral("an empty frame; a frame holds one CBOR map"));
    }
    if (bufferedBytes() < framing::headerBytes + qsizetype(length))
        return {};
    const QByteArray payload = m_buffer.mid(m_start + framing::headerBytes, length);
    consume(framing::headerBytes + length);
    return parse(payload, frameOffset + framing::headerBytes);
}

DecodedFrame FrameDecoder::parse(const QByteArray &payload, qint64 payloadOffset) const
{
    QCborStreamReader reader(payload);
    const QCborValue value = QCborValue::fromCbor(reader);
    if (reader.lastError() != QCborError::NoError)
        return errorFrame(
            FrameError::Kind::BadCbor, payloadOffset + reader.currentOffset(),
            QStringLiteral("not well-formed CBOR: %1").arg(reader.lastError().toString()));
    if (reader.currentOffset() < payload.size())
        return errorFrame(FrameError::Kind::BadCbor, payloadOffset + reader.currentOffset(),
                          QStringLiteral("%1 bytes follow the CBOR item inside its frame")
                              .arg(payload.size() - reader.currentOffset()));
    if (!value.isMap())
        return errorFrame(FrameError::Kind::NotAMap, payloadOffset,
                          QStringLiteral("a frame holds a CBOR map, not %1").arg(typeName(value)));
    DecodedFrame frame;
    frame.kind = DecodedFrame::Kind::Message;
    frame.message = value.toMap();
    return frame;
}

std::optional<FrameError> FrameDecoder::finish() const
{
    if (m_fatal || bufferedBytes() == 0)
        return std::nullopt;
    const qint64 offset = streamOffset();
    if (bufferedBytes() < framing::headerBytes)
        return FrameError{FrameError::Kind::Truncated, offset,
                          QStringLiteral("the stream ended inside a frame's length (%1 of 4 bytes)")
                              .arg(bufferedBytes())};
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_start);
    return FrameError{FrameError::Kind::Truncated, offset,
                      QStringLiteral("the stream ended inside a frame: %1 of its %2 bytes came")
                          .arg(bufferedBytes() - framing::headerBytes)
                          .arg(length)};
}

} // namespace workhost
