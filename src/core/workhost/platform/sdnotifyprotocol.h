#pragma once

#include <QByteArray>
#include <QString>

#include <chrono>
#include <optional>

#include <sys/socket.h>
#include <sys/un.h>

// The pieces of systemd's notification protocol (sd_notify(3),
// https://systemd.io/NOTIFY/ and systemd.service(5)'s WatchdogSec=), as
// values: where NOTIFY_SOCKET points, what WATCHDOG_USEC and WATCHDOG_PID ask
// of this process, and the datagrams it sends ("READY=1\nSTATUS=..."). No
// socket is opened here: SystemdNotifier sends. Pure functions; any thread.
namespace workhost::sdnotify {

// Where NOTIFY_SOCKET points: an absolute path, or an abstract name written
// with a leading '@' (sent with a leading NUL). Anything else (a relative
// path, a "vsock:" address of newer systemd versions, a name too long for
// sockaddr_un) is not usable, and `problem` says why.
struct Address
{
    sockaddr_un socket = {};
    socklen_t length = 0; // 0: not usable
    QString problem;      // why, when not usable
    bool usable() const { return length > 0; }
    static Address parse(const QByteArray &notifySocket);
};

// What WATCHDOG_USEC and WATCHDOG_PID ask of the process `self`: a WATCHDOG=1
// every `pingInterval` (half the watchdog timeout, as sd_watchdog_enabled(3)
// recommends, at least 1 ms), or nothing: no WATCHDOG_USEC, 0, or
// WATCHDOG_PID naming another process (the variables were inherited).
// `problem` says what was wrong with a value that could not be read (then no
// watchdog either: guessing a timeout would get the host killed or never).
struct Watchdog
{
    std::optional<std::chrono::milliseconds> pingInterval;
    QString problem;
    static Watchdog parse(const QByteArray &watchdogUsec, const QByteArray &watchdogPid,
                          qint64 self);
};

// The STATUS= text: one line (control characters become spaces), at most
// maxStatusCharacters characters.
inline constexpr qsizetype maxStatusCharacters = 200;
QByteArray statusText(const QString &status);

// The datagrams, newline-separated assignments.
QByteArray readyMessage(const QString &status);     // READY=1 and STATUS=
QByteArray statusMessage(const QString &status);    // STATUS=
QByteArray reloadingMessage(const QString &status); // RELOADING=1 and STATUS=
QByteArray watchdogMessage();                       // WATCHDOG=1
// STOPPING=1, STATUS= and EXTEND_TIMEOUT_USEC=: the stop may take `stopTime`
// from now. systemd then waits at least that long before it SIGKILLs
// (never less than TimeoutStopSec=), so a long configured shutdown deadline
// is not cut short by the unit's fixed one.
QByteArray stoppingMessage(const QString &status, std::chrono::milliseconds stopTime);

} // namespace workhost::sdnotify
