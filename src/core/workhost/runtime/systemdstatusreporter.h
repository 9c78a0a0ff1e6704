#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/servicestatus.h>

#include <QList>
#include <QObject>
#include <QString>

#include <chrono>

class QTimer;

namespace workhost {

class Host;
class SystemdNotifier;

// Tells systemd, through a SystemdNotifier, how a host is doing: READY=1
// with a one-line STATUS ("running 5 of 6 workers") once the host is Running,
// a new STATUS when that line changes (at most one per `statusInterval`, never
// one per status batch), RELOADING=1 and READY=1 around a reload, and
// STOPPING=1 when the host's stop begins, asking systemd to wait for the
// host's shutdownTimeout and stopMargin (EXTEND_TIMEOUT_USEC).
//
// Owner: HeadlessRun. Thread: the host's (owner's) thread, where the host
// emits the signals it listens to. Nothing crosses threads.
class SystemdStatusReporter : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemdStatusReporter)

public:
    static constexpr std::chrono::milliseconds defaultStatusInterval{1000};
    // What a stop may take past the host's deadline: abandoning what is left,
    // killing its programs, sealing the logs. The unit's TimeoutStopSec=45 is
    // the default deadline (30 s) and this.
    static constexpr std::chrono::milliseconds stopMargin{15000};

    SystemdStatusReporter(Host &host, SystemdNotifier &notifier,
                          std::chrono::milliseconds statusInterval = defaultStatusInterval,
                          QObject *parent = nullptr);

    // The one-line summary of a host in `state` with these services.
    static QString summary(HostState state, const QList<ServiceStatus> &statuses);

    // A reload began (RELOADING=1) or ended (READY=1 again, with its outcome).
    void reloadStarted();
    void reloadFinished(const QString &outcome);

private:
    void onHostState(HostState state);
    void scheduleStatus();
    void sendStatusIfChanged();

    Host &m_host;
    SystemdNotifier &m_notifier;
    QTimer *m_statusTimer;
    QString m_lastStatus;
};

} // namespace workhost
