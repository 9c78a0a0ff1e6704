#pragma once

#include <QObject>

class QLabel;
class QStatusBar;

namespace workhost {

class HostSession;
class LatencyProbe;
class LogPanel;
class WorkerTableModel;

// The permanent part of the window's status bar: the host's state (or
// "disconnected", "connecting" while its session is not connected), the
// workers running of all, the log lines received per second, and how late
// the window's own event loop runs (the worst tick of a 100 ms LatencyProbe
// over the last second, red above 16 ms: a frame). Refreshed every second,
// and by update() when something changed.
//
//     auto *status = new WindowStatus(session, *table, *logPanel, *statusBar(), this);
//     connect(status, &WindowStatus::workersCounted, tray, &TrayIcon::showWorkerCounts);
//
// Owner: the window (QObject parent); GUI thread. Its labels belong to the
// status bar. The session, the table and the log panel must outlive it.
// Emits workersCounted(running, total) at the end of each update().
class WindowStatus : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowStatus)

public:
    WindowStatus(const HostSession &session, const WorkerTableModel &table, const LogPanel &log,
                 QStatusBar &bar, QObject *parent);

    void update();

Q_SIGNALS:
    void workersCounted(int running, int total);

private:
    const HostSession &m_session;
    const WorkerTableModel &m_table;
    const LogPanel &m_log;
    LatencyProbe *m_latency; // child
    QLabel *m_hostLabel;     // these four: children of the status bar
    QLabel *m_workersLabel;
    QLabel *m_logRateLabel;
    QLabel *m_latencyLabel;
    quint64 m_lastLogCount = 0; // log lines received at the last update
};

} // namespace workhost
