#include <workhost/platform/systemdnotifier.h>

#include <QTimer>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace workhost {

SystemdNotifier::Environment SystemdNotifier::takeEnvironment()
{
    Environment environment{qgetenv("NOTIFY_SOCKET"), qgetenv("WATCHDOG_USEC"),
                            qgetenv("WATCHDOG_PID")};
    for (const char *name : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"})
        qunsetenv(name);
    return environment;
}

SystemdNotifier::SystemdNotifier(const Environment &environment, qint64 self, QObject *parent)
    : QObject(parent)
{
    if (environment.notifySocket.isEmpty())
        return; // not started by systemd (or not Type=notify): nothing to tell
    m_address = sdnotify::Address::parse(environment.notifySocket);
    if (!m_address.usable()) {
        spdlog::warn("systemd notification off: {}", qUtf8Printable(m_address.problem));
        return;
    }
    // Close-on-exec: no program a worker starts may inherit it.
    m_socket = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_socket < 0) {
        spdlog::warn("systemd notification off: cannot create a socket: {}", std::strerror(errno));
        return;
    }
    const sdnotify::Watchdog watchdog =
        sdnotify::Watchdog::parse(environment.watchdogUsec, environment.watchdogPid, self);
    if (!watchdog.problem.isEmpty())
        spdlog::warn("systemd watchdog off: {}", qUtf8Printable(watchdog.problem));
    if (watchdog.pingInterval) {
        m_watchdog = new QTimer(this);
        m_watchdog->setInterval(*watchdog.pingInterval);
        connect(m_watchdog, &QTimer::timeout, this, &SystemdNotifier::pingWatchdog);
        m_watchdog->start();
        spdlog::info("systemd watchdog: a ping every {} ms", watchdog.pingInterval->count());
    }
}

SystemdNotifier::~SystemdNotifier()
{
    if (m_socket >= 0)
        ::close(m_socket);
}

std::optional<std::chrono::milliseconds> SystemdNotifier::watchdogInterval() const
{
    if (!m_watchdog)
        return std::nullopt;
    return m_watchdog->intervalAsDuration();
}

bool SystemdNotifier::send(const QByteArray &message)
{
    if (m_socket < 0)
        return false;
    const auto *address = reinterpret_cast<const sockaddr *>(&m_address.socket);
    ssize_t sent = -1;
    do {
        sent = ::sendto(m_socket, message.constData(), static_cast<size_t>(message.size()),
                        MSG_DONTWAIT | MSG_NOSIGNAL, address, m_address.length);
    } while (sent < 0 && errno == EINTR);
    if (sent == message.size())
        return true;
    if (m_failedSends++ == 0) {
        const QByteArray first = message.left(message.indexOf('\n'));
        spdlog::warn("systemd notification {} not sent to NOTIFY_SOCKET: {}; later failures are "
                     "not logged",
                     first.constData(), sent < 0 ? std::strerror(errno) : "sent in part");
    }
    return false;
}

void SystemdNotifier::pingWatchdog()
{
    send(sdnotify::watchdogMessage());
}

} // namespace workhost
