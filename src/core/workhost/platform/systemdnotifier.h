#pragma once

#include <workhost/platform/sdnotifyprotocol.h>

#include <QByteArray>
#include <QObject>

#include <chrono>
#include <optional>

class QTimer;

namespace workhost {

// Tells systemd what the process is doing (Type=notify): sends sd_notify
// datagrams to $NOTIFY_SOCKET and pings the watchdog (WATCHDOG=1) from a
// QTimer at half of $WATCHDOG_USEC, so a stuck event loop stops pinging and
// systemd restarts the process. Without NOTIFY_SOCKET it does nothing.
//
// It speaks the documented datagram protocol itself (an AF_UNIX SOCK_DGRAM
// socket, a path or an '@' abstract name) rather than link libsystemd: the
// protocol is stable and a dozen lines, the core then gains no run-time
// dependency for embedders (nor libsystemd-dev for the build), and a test can
// listen on a socket of its own. A datagram is sent without waiting
// (MSG_DONTWAIT): a full receiver drops it rather than block the host's
// thread. A failed send is logged once, then counted; never fatal.
//
// Owner: HeadlessRun (or any main()). Thread: the thread that creates it; the
// watchdog's timer runs on that thread's event loop, which is what it proves
// alive. Nothing crosses threads.
class SystemdNotifier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemdNotifier)

public:
    // The variables systemd passes to the service's main process.
    struct Environment
    {
        QByteArray notifySocket; // NOTIFY_SOCKET
        QByteArray watchdogUsec; // WATCHDOG_USEC
        QByteArray watchdogPid;  // WATCHDOG_PID
    };
    // Reads the three variables and removes them from the environment (as
    // sd_notify(3) with unset_environment), so that no worker's program
    // inherits them and talks to systemd in the host's name. Call it before
    // any worker starts.
    static Environment takeEnvironment();

    // `self`: this process's id, against WATCHDOG_PID.
    SystemdNotifier(const Environment &environment, qint64 self, QObject *parent = nullptr);
    ~SystemdNotifier() override;

    // NOTIFY_SOCKET was set and usable: messages are sent.
    bool enabled() const { return m_socket >= 0; }
    std::optional<std::chrono::milliseconds> watchdogInterval() const;

    // Sends one datagram (see sdnotifyprotocol.h); false if it was not sent
    // (disabled, or the send failed: logged the first time).
    bool send(const QByteArray &message);
    int failedSends() const { return m_failedSends; }

private:
    void pingWatchdog();

    sdnotify::Address m_address;
    int m_socket = -1;
    QTimer *m_watchdog = nullptr;
    int m_failedSends = 0;
};

} // namespace workhost
