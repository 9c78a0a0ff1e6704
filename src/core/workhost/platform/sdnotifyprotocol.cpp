#include <workhost/platform/sdnotifyprotocol.h>

#include <cstddef>
#include <cstring>
#include <limits>

namespace workhost::sdnotify {

namespace {

// A decimal number without sign or spaces, or nothing (systemd writes them so).
std::optional<quint64> decimal(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 20)
        return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    bool ok = false;
    const quint64 value = text.toULongLong(&ok);
    return ok ? std::optional<quint64>(value) : std::nullopt;
}

QString quoted(const QByteArray &text)
{
    return QStringLiteral("\"%1\"").arg(QString::fromLocal8Bit(text.left(64)));
}

} // namespace

Address Address::parse(const QByteArray &notifySocket)
{
    Address address;
    address.socket.sun_family = AF_UNIX;
    const bool abstract = notifySocket.startsWith('@');
    if (!abstract && !notifySocket.startsWith('/')) {
        address.problem = QStringLiteral("NOTIFY_SOCKET=%1 is neither an absolute path nor an "
                                         "abstract name (@name)")
                              .arg(quoted(notifySocket));
        return address;
    }
    // A path needs its terminating NUL; an abstract name has none but its leading one.
    const qsizetype room = qsizetype(sizeof(address.socket.sun_path)) - (abstract ? 0 : 1);
    if (notifySocket.size() > room || notifySocket.size() < 2) {
        address.problem =
            QStringLiteral("NOTIFY_SOCKET=%1 does not fit a unix socket address (%2 bytes at most)")
                .arg(quoted(notifySocket))
                .arg(room);
        return address;
    }
    std::memcpy(address.socket.sun_path, notifySocket.constData(),
                static_cast<size_t>(notifySocket.size()));
    if (abstract)
        address.socket.sun_path[0] = '\0';
    // An abstract name's length counts exactly its bytes (no terminator).
    address.length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) +
                               static_cast<size_t>(notifySocket.size()) + (abstract ? 0 : 1));
    return address;
}

Watchdog Watchdog::parse(const QByteArray &watchdogUsec, const QByteArray &watchdogPid, qint64 self)
{
    Watchdog watchdog;
    if (watchdogUsec.isEmpty())
        return watchdog;
    if (!watchdogPid.isEmpty()) {
        const std::optional<quint64> pid = decimal(watchdogPid);
        if (!pid || *pid == 0) {
            watchdog.problem = QStringLiteral("WATCHDOG_PID=%1 is not a process id; no watchdog")
                                   .arg(quoted(watchdogPid));
            return watchdog;
        }
        if (*pid != static_cast<quint64>(self))
            return watchdog; // inherited from the process systemd watches: not ours to ping
    }
    const std::optional<quint64> usec = decimal(watchdogUsec);
    if (!usec) {
        watchdog.problem =
            QStringLiteral("WATCHDOG_USEC=%1 is not a number of microseconds; no watchdog")
                .arg(quoted(watchdogUsec));
        return watchdog;
    }
    if (*usec == 0)
        return watchdog;                                         // systemd's "off"
    constexpr quint64 longest = std::numeric_limits<int>::max(); // QTimer's range, in ms
    const quint64 halfMs = *usec / 2 / 1000;
    watchdog.pingInterval = std::chrono::milliseconds(qBound<quint64>(1, halfMs, longest));
    return watchdog;
}

QByteArray statusText(const QString &status)
{
    QString line = status.left(maxStatusCharacters);
    for (QChar &c : line) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    return line.toUtf8();
}

QByteArray readyMessage(const QString &status)
{
    return "READY=1\nSTATUS=" + statusText(status);
}

QByteArray statusMessage(const QString &status)
{
    return "STATUS=" + statusText(status);
}

QByteArray reloadingMessage(const QString &status)
{
    return "RELOADING=1\nSTATUS=" + statusText(status);
}

QByteArray stoppingMessage(const QString &status, std::chrono::milliseconds stopTime)
{
    const auto usec = std::chrono::duration_cast<std::chrono::microseconds>(stopTime);
    return "STOPPING=1\nSTATUS=" + statusText(status) +
           "\nEXTEND_TIMEOUT_USEC=" + QByteArray::number(qMax<qint64>(0, usec.count()));
}

QByteArray watchdogMessage()
{
    return QByteArrayLiteral("WATCHDOG=1");
}

} // namespace workhost::sdnotify
