#pragma once

#include <workhost/control/framedecoder.h>
#include <workhost/control/peercredentials.h>
#include <workhost/control/protocolmessages.h>

#include <QObject>

#include <functional>
#include <optional>

class QLocalSocket;

namespace workhost {

// The host's end of one client's connection: reads its requests (any
// chunking; bad frames and bad messages get an error reply, a frame too large
// to read ends the connection), answers each through the handler it was given
// (one request at a time: while a reply is deferred, see DeferredReply, it
// reads no further request, so replies keep the requests' order), and sends what the host has to
// say, through an outgoing queue bounded in bytes: a client that lets more than `maxQueuedBytes`
// wait unsent is dropped (dropped() says why), so that a stuck client costs the host a bounded
// amount of memory and no time.
//
// Owner: ControlServer, on the host's thread; the socket is its child. It
// deletes itself (deleteLater) once closed, after closed().
class ControlConnection : public QObject
{
    Q_OBJECT

public:
    // The reply, or none when the handler deferred it: sendDeferredReply() follows.
    using RequestHandler = std::function<std::optional<ControlReply>(
        ControlConnection &connection, const ControlRequest &request)>;

    ControlConnection(QLocalSocket *socket, const PeerCredentials &peer, qsizetype maxQueuedBytes,
                      RequestHandler handler, QObject *parent = nullptr);

    const PeerCredentials &peer() const { return m_peer; }
    // Sends one message, or drops the client when its queue would pass the bound.
    void send(const QCborMap &message);
    // Sends one encoded frame (an event from a backlog), under the same bound.
    void sendFrame(const QByteArray &frame);
    // The reply the handler deferred; then reads on.
    void sendDeferredReply(const ControlReply &reply);
    // Flushes what the kernel takes now, then closes; dropped(reason) first.
    void drop(const QString &reason);
    // Hands the kernel what it takes now, without waiting.
    void flush();
    // Bytes written but not yet taken by the client.
    qint64 queuedBytes() const;

Q_SIGNALS:
    void dropped(const QString &reason);
    void closed();
    // The client took some of what waited: there may be room for more.
    void bytesWritten();

private:
    void readRequests();
    bool handleFrame(const DecodedFrame &frame);
    void answer(const QCborMap &message);
    void reply(const ControlReply &reply);
    void finish();

    QLocalSocket *const m_socket;
    const PeerCredentials m_peer;
    const qsizetype m_maxQueuedBytes;
    const RequestHandler m_handler;
    FrameDecoder m_decoder;
    bool m_finished = false;
    bool m_awaitingDeferredReply = false;
    bool m_inHandler = false;
    std::optional<ControlReply> m_replyDuringHandler;
};

} // namespace workhost
