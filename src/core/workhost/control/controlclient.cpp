#include <workhost/control/controlclient.h>

#include <workhost/control/frameencoder.h>
#include <workhost/control/framereading.h>

#include <QLocalSocket>

namespace workhost {

ControlClient::ControlClient(QObject *parent)
    : QObject(parent)
    , m_socket(new QLocalSocket(this))
{
    connect(m_socket, &QLocalSocket::readyRead, this, [this] {
        readFrames(*m_socket, m_decoder,
                   [this](const DecodedFrame &frame) { return handleFrame(frame); });
    });
    connect(m_socket, &QLocalSocket::disconnected, this, &ControlClient::onDisconnected);
    connect(m_socket, &QLocalSocket::stateChanged, this,
            [this](QLocalSocket::LocalSocketState state) {
                if (state == QLocalSocket::ConnectedState) {
                    m_connecting = false;
                } else if (state == QLocalSocket::UnconnectedState && m_connecting) {
                    // A connect that failed (QLocalSocket has no disconnected() for
                    // it), maybe inside connectTo(): said from the event loop.
                    m_connecting = false;
                    QMetaObject::invokeMethod(
                        this, [this] { Q_EMIT disconnected(); }, Qt::QueuedConnection);
                }
            });
}

ControlClient::~ControlClient()
{
    m_socket->disconnect(this); // no signal from a half-destroyed client
}

void ControlClient::connectTo(const QString &socketPath)
{
    m_decoder = FrameDecoder();
    m_hello.reset();
    m_connecting = true;
    m_socket->connectToServer(socketPath);
}

void ControlClient::disconnectFromHost()
{
    m_socket->abort();
}

bool ControlClient::isConnected() const
{
    return m_socket->state() == QLocalSocket::ConnectedState;
}

qint64 ControlClient::request(const QString &method, const QCborMap &params)
{
    if (!isConnected())
        return 0;
    const qint64 id = m_nextId++;
    const QByteArray frame = encodeFrame(toCbor(ControlRequest{id, method, params}));
    if (frame.isEmpty())
        return 0; // params beyond the frame limit
    m_socket->write(frame);
    return id;
}

bool ControlClient::handleFrame(const DecodedFrame &frame)
{
    if (frame.isError()) {
        fail(QStringLiteral("unreadable data from the host: %1").arg(frame.error.toString()));
        return false;
    }
    return handleMessage(frame.message);
}

bool ControlClient::handleMessage(const QCborMap &message)
{
    if (!m_hello) {
        const Parsed<ControlHello> hello = helloFromCbor(message);
        if (!hello.ok()) {
            fail(QStringLiteral("the host's hello: %1").arg(hello.error.toString()));
            return false;
        }
        m_hello = *hello.value;
        Q_EMIT helloReceived(*m_hello);
        return isConnected();
    }
    const Parsed<QString> type = messageType(message);
    if (type.ok() && *type.value == QLatin1String("reply")) {
        const Parsed<ControlReply> reply = replyFromCbor(message);
        if (reply.ok()) {
            Q_EMIT replyReceived(*reply.value);
            return isConnected();
        }
        fail(QStringLiteral("a reply from the host: %1").arg(reply.error.toString()));
    } else if (type.ok() && *type.value == QLatin1String("event")) {
        const Parsed<ControlEvent> event = eventFromCbor(message);
        if (event.ok()) {
            Q_EMIT eventReceived(*event.value);
            return isConnected();
        }
        fail(QStringLiteral("an event from the host: %1").arg(event.error.toString()));
    } else {
        fail(QStringLiteral("a message from the host: %1")
                 .arg(type.ok() ? QStringLiteral("unexpected \"%1\"").arg(*type.value)
                                : type.error.toString()));
    }
    return false;
}

void ControlClient::fail(const QString &message)
{
    Q_EMIT protocolError(message);
    m_decoder = FrameDecoder(); // one error said; what is left unread is not another
    m_socket->abort();
}

void ControlClient::onDisconnected()
{
    if (const std::optional<FrameError> cut = m_decoder.finish())
        Q_EMIT protocolError(
            QStringLiteral("the host closed the connection: %1").arg(cut->toString()));
    Q_EMIT disconnected();
}

} // namespace workhost
