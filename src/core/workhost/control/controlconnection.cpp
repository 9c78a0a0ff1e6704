#include <workhost/control/controlconnection.h>

#include <workhost/control/frameencoder.h>
#include <workhost/control/framereading.h>

#include <QLocalSocket>

#include <utility>

namespace workhost {

namespace {

// What Qt reads ahead from a client before the host has handled it.
constexpr qint64 readBufferBytes = 256 * 1024;

} // namespace

ControlConnection::ControlConnection(QLocalSocket *socket, const PeerCredentials &peer,
                                     qsizetype maxQueuedBytes, RequestHandler handler,
                                     QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_peer(peer)
    , m_maxQueuedBytes(maxQueuedBytes)
    , m_handler(std::move(handler))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(readBufferBytes);
    connect(m_socket, &QLocalSocket::readyRead, this, &ControlConnection::readRequests);
    connect(m_socket, &QLocalSocket::disconnected, this, &ControlConnection::finish);
    connect(m_socket, &QLocalSocket::bytesWritten, this, &ControlConnection::bytesWritten);
}

void ControlConnection::flush()
{
    m_socket->flush();
}

qint64 ControlConnection::queuedBytes() const
{
    return m_socket->bytesToWrite();
}

void ControlConnection::send(const QCborMap &message)
{
    if (m_finished)
        return;
    QByteArray frame = encodeFrame(message);
    if (frame.isEmpty()) // a reply too large for a frame: say so instead
        frame = encodeFrame(toCbor(ControlReply::failure(
            message.value(QStringLiteral("id")).toInteger(), errorcode::replyTooLarge,
            QStringLiteral("the answer exceeds the frame limit of %1 bytes")
                .arg(framing::maxFrameBytes))));
    sendFrame(frame);
}

void ControlConnection::sendFrame(const QByteArray &frame)
{
    if (m_finished)
        return;
    if (m_socket->bytesToWrite() + frame.size() > m_maxQueuedBytes) {
        drop(QStringLiteral("%1 bytes wait unsent, past the client's bound of %2")
                 .arg(m_socket->bytesToWrite() + frame.size())
                 .arg(m_maxQueuedBytes));
        return;
    }
    m_socket->write(frame);
}

void ControlConnection::readRequests()
{
    if (m_finished || m_awaitingDeferredReply)
        return; // the input waits (bounded by the read buffer) until the reply is out
    // First what the decoder already holds (left when a reply was deferred).
    for (DecodedFrame frame = m_decoder.next(); !frame.needsMore(); frame = m_decoder.next()) {
        if (!handleFrame(frame) || (frame.isError() && frame.error.isFatal()))
            return;
    }
    readFrames(*m_socket, m_decoder,
               [this](const DecodedFrame &frame) { return handleFrame(frame); });
}

void ControlConnection::sendDeferredReply(const ControlReply &reply)
{
    if (m_inHandler) {
        m_replyDuringHandler = reply;
        return;
    }
    if (!m_awaitingDeferredReply)
        return;
    m_awaitingDeferredReply = false;
    send(toCbor(reply));
    // Not from inside the method's own call chain: read on from the event loop.
    QMetaObject::invokeMethod(this, &ControlConnection::readRequests, Qt::QueuedConnection);
}

bool ControlConnection::handleFrame(const DecodedFrame &frame)
{
    if (m_finished)
        return false;
    if (frame.isMessage()) {
        answer(frame.message);
        return !m_finished && !m_awaitingDeferredReply;
    }
    reply(ControlReply::failure(0, errorcode::badFrame, frame.error.toString()));
    if (frame.error.isFatal()) {
        // Out of step with the stream for good: the error goes out, then the end.
        drop(QStringLiteral("unreadable input: %1").arg(frame.error.toString()));
        return false;
    }
    return !m_finished;
}

void ControlConnection::answer(const QCborMap &message)
{
    const Parsed<ControlRequest> request = requestFromCbor(message);
    if (!request.ok()) {
        // Answer the id the message gave, where it gave a usable one.
        const QCborValue id = message.value(QStringLiteral("id"));
        const bool usable =
            id.isInteger() && id.toInteger() > 0 && id.toInteger() <= protocol::maxId;
        reply(ControlReply::failure(usable ? id.toInteger() : 0, errorcode::badMessage,
                                    request.error.toString()));
        return;
    }
    m_inHandler = true;
    const std::optional<ControlReply> result = m_handler(*this, *request.value);
    m_inHandler = false;
    if (result)
        reply(*result);
    else if (m_replyDuringHandler) // deferred, then answered before the handler returned
        reply(*std::exchange(m_replyDuringHandler, std::nullopt));
    else
        m_awaitingDeferredReply = true;
}

void ControlConnection::reply(const ControlReply &reply)
{
    send(toCbor(reply));
}

void ControlConnection::drop(const QString &reason)
{
    if (m_finished)
        return;
    Q_EMIT dropped(reason);
    // What the kernel takes now goes out (the error that explains a drop); no
    // wait for a client that does not read.
    m_socket->flush();
    m_socket->abort();
    finish();
}

void ControlConnection::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT closed();
    deleteLater();
}

} // namespace workhost
