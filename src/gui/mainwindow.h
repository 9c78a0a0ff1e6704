#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>
#include <workhost/hosting/hoststates.h>

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

class QSortFilterProxyModel;

namespace workhost {

class HostSession;
class LogPanel;
class ShutdownDialog;
class TrayIcon;
class WindowSettings;
class WindowStatus;
class WorkerDetails;
class WorkerTableModel;

// The monitor window: the live workers table with its controls, the details
// of the selected worker, the live log, the status bar (WindowStatus: host
// state, workers running, log rate, the window's own event-loop latency), a
// tray icon (TrayIcon), and the responsiveness demo tab. Closing it (or Ctrl+Q) stops
// a host in this process gracefully behind a progress dialog; the application
// quits once the host is Stopped. Attached to a host in another process
// (HostSession::isAttached()), closing only closes the window (closed()), the
// window stays when that host stops, and "Stop host..." (File menu, confirmed:
// StopHostAction, with a ShutdownDialog following the remote stop) is the one
// way to stop it. Its layout is kept between runs (WindowSettings).
// It knows the host only through a HostSession (in this process or remote):
// every button is a session command, whose refusal the window shows. Adding
// or removing a worker edits the session's configuration, which "Save
// configuration" writes.
//
// Owner: main() (or a test); GUI thread. It does not own the session, which
// must outlive it.
// Emits quitNowRequested() when the person chooses "Quit now" during the
// shutdown: the caller leaves without waiting for the rest.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(HostSession &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Problems found in the configuration; listed at the top of the window.
    void showConfigurationIssues(const QString &source, const ConfigIssues &issues);
    WorkerTableModel *workerModel() const { return m_table; }
    LogPanel *logPanel() const { return m_logPanel; }
    ShutdownDialog *shutdownDialog() const { return m_shutdownDialog; }
    QStringList selectedWorkers() const;
    void selectWorkers(const QStringList &names);
    // Adds a worker from a checked configuration (what "Add worker" does):
    // selects it once the host has it, or says why not in a message box.
    void addWorker(const WorkerConfig &worker);

Q_SIGNALS:
    void quitNowRequested();
    // The window accepted a close: the host stopped, or it is attached.
    void closed();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setUpActions();
    void setUpWorkersView();

    void onSelectionChanged();
    void updateActions();
    void onHostState(HostState state);
    void showWorkerTypes();

    void startSelected();
    void stopSelected();
    void restartSelected();
    void startAll();
    void stopAll();
    void addWorkerWithDialog();
    void removeSelected();
    void saveConfigurationFromMenu();
    void showAbout();
    void beginShutdown();
    void updateTitle();

    // Every member lives on the GUI thread, as the window does; none is
    // touched from another thread.

    // Owned here; the widgets it made are children of the window.
    std::unique_ptr<Ui::MainWindow> m_ui;
    // Not owned: main() (or a test) keeps it alive longer than the window.
    HostSession &m_session;
    // QObject children of the window (or of its widgets), deleted with it.
    WorkerTableModel *m_table;
    QSortFilterProxyModel *m_sorted;
    WorkerDetails *m_details;
    LogPanel *m_logPanel;
    ShutdownDialog *m_shutdownDialog = nullptr; // made at the first close request
    TrayIcon *m_tray = nullptr;                 // nullptr when the desktop has no tray
    WindowStatus *m_status;                     // its labels are the status bar's
    // Owned here: it points at the splitters, headers and log panel above.
    std::unique_ptr<WindowSettings> m_settings;
    bool m_readyToClose = false; // the host has stopped: the next close is accepted
};

} // namespace workhost
