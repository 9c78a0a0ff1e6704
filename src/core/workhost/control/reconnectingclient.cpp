#include <workhost/control/reconnectingclient.h>

#include <workhost/control/controlclient.h>

#include <algorithm>

namespace workhost {

ReconnectingClient::ReconnectingClient(QString socketPath, Backoff backoff, QObject *parent)
    : QObject(parent)
    , m_socketPath(std::move(socketPath))
    , m_backoff(backoff)
    , m_client(new ControlClient(this))
    , m_nextWait(backoff.first)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] { m_client->connectTo(m_socketPath); });
    connect(m_client, &ControlClient::helloReceived, this, [this](const ControlHello &hello) {
        m_attached = true;
        m_nextWait = m_backoff.first;
        Q_EMIT attached(hello);
    });
    connect(m_client, &ControlClient::disconnected, this, &ReconnectingClient::onDisconnected);
}

ReconnectingClient::~ReconnectingClient()
{
    m_client->disconnect(this); // no retry, no signal, from a half-destroyed link
}

void ReconnectingClient::start()
{
    m_retry.stop();
    m_client->connectTo(m_socketPath);
}

void ReconnectingClient::onDisconnected()
{
    m_retry.start(m_nextWait);
    m_nextWait = std::min(m_nextWait * 2, m_backoff.max);
    if (m_attached) {
        m_attached = false;
        Q_EMIT detached();
    }
}

} // namespace workhost
