#pragma once

#include <QObject>

#include <chrono>
#include <optional>

namespace workhost {

class ConfigurationReload;
class Host;
class SystemdNotifier;
class SystemdStatusReporter;
class UnixSignalNotifier;

// Runs a host without a window, like a .NET Worker Service under systemd:
// starts it, and stops it gracefully on SIGINT or SIGTERM (or after
// `runFor`), logging one line per service as it stops. A second SIGINT
// abandons what is left: abandonProcess() kills every program and leaves at
// once with ExitCode::AbandonedThreads. SIGUSR1 reopens the log file
// (logrotate's postrotate). SIGHUP reloads the configuration, a daemon's
// convention (reloadOnSighup()); without a ConfigurationReload it stops the
// host, as a closed terminal would.
//
// Under systemd (Type=notify: NOTIFY_SOCKET set) it says READY=1, STATUS=
// and STOPPING=1, and pings the watchdog from this thread's event loop
// (SystemdNotifier, SystemdStatusReporter); without NOTIFY_SOCKET, nothing.
//
// Owner: main(); lives on the main thread, as does the host it runs.
class HeadlessRun : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRun)

public:
    HeadlessRun(Host &host, std::optional<std::chrono::milliseconds> runFor,
                QObject *parent = nullptr);
    ~HeadlessRun() override;

    // SIGHUP reloads the configuration through `reload` (which must outlive
    // this run) instead of stopping the host.
    void reloadOnSighup(ConfigurationReload &reload);

    // Starts the host and returns when it is Stopped: the exit code of the
    // host (ExitCode::Success or ExitCode::ServiceFailure).
    int exec();

private:
    void onSignal(int signal);

    Host &m_host;
    const std::optional<std::chrono::milliseconds> m_runFor;
    UnixSignalNotifier *m_signals;
    SystemdNotifier *m_systemd;
    SystemdStatusReporter *m_systemdStatus;
    ConfigurationReload *m_reload = nullptr;
};

} // namespace workhost
