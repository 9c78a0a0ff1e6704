#pragma once

#include <workhost/control/protocolmessages.h>

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace workhost {

class ControlClient;

// A ControlClient that keeps trying: connects to one socket path, and after a
// failed connect or a lost connection tries again after a short wait that
// doubles up to a bound (0.2 s, 0.4 s ... 2 s), back to the first wait once a
// hello came. For a client that must outlive its host's restarts (the
// attached window, its log panel).
//
//   ReconnectingClient link(socketPath);
//   connect(&link, &ReconnectingClient::attached, ...);  // each hello
//   connect(&link.client(), &ControlClient::eventReceived, ...);
//   link.start();
//
// Owner: its parent (RemoteHostSession, RemoteLogSubscription); one thread
// with an event loop, where its signals are emitted.
class ReconnectingClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReconnectingClient)

public:
    struct Backoff
    {
        std::chrono::milliseconds first{200};
        std::chrono::milliseconds max{2000};
    };

    explicit ReconnectingClient(QString socketPath, Backoff backoff, QObject *parent = nullptr);
    ~ReconnectingClient() override;

    void start();
    const QString &socketPath() const { return m_socketPath; }
    ControlClient &client() const { return *m_client; }
    bool isAttached() const { return m_attached; }

Q_SIGNALS:
    // A connection is up and the host said hello: subscribe again here.
    void attached(const workhost::ControlHello &hello);
    // The connection that attached() announced ended; a retry is scheduled.
    void detached();

private:
    void onDisconnected();

    const QString m_socketPath;
    const Backoff m_backoff;
    ControlClient *m_client;
    QTimer m_retry;
    std::chrono::milliseconds m_nextWait;
    bool m_attached = false;
};

} // namespace workhost
