#pragma once

#include <QObject>

#include <chrono>
#include <optional>

namespace workhost {

class Host;
class UnixSignalNotifier;

// Runs a host without a window, like a .NET Worker Service under systemd:
// starts it, and stops it gracefully on SIGINT, SIGTERM or SIGHUP (a closed
// terminal or ssh session; or after `runFor`), logging one line per service
// as it stops. A second SIGINT abandons what is left: abandonProcess() kills
// every program and leaves at once with ExitCode::AbandonedThreads. SIGUSR1
// reopens the log file (logrotate's postrotate).
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

    // Starts the host and returns when it is Stopped: the exit code of the
    // host (ExitCode::Success or ExitCode::ServiceFailure).
    int exec();

private:
    void onSignal(int signal);

    Host &m_host;
    const std::optional<std::chrono::milliseconds> m_runFor;
    UnixSignalNotifier *m_signals;
};

} // namespace workhost
