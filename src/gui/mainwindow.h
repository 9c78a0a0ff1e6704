#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>
#include <workhost/hosting/hoststates.h>

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

class QLabel;
class QSortFilterProxyModel;
class QSystemTrayIcon;

namespace workhost {

class Host;
class LatencyProbe;
class LiveLogSink;
class LogPanel;
class ShutdownDialog;
class WorkerDetails;
class WorkerRegistry;
class WorkerTableModel;
struct ServiceTransition;

// The monitor window: the live workers table with its controls, the details
// of the selected worker, the live log, the status bar (host state, workers
// running, log rate, the window's own event-loop latency), a tray icon, and
// the responsiveness demo tab. Closing it (or Ctrl+Q) stops the host
// gracefully behind a progress dialog; the application quits once the host
// is Stopped.
//
// Owner: main() (or a test); GUI thread. It does not own the host, the
// registry or the log sink; they must outlive it.
// Emits quitNowRequested() when the person chooses "Quit now" during the
// shutdown: the caller leaves without waiting for the rest.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(Host &host, const WorkerRegistry &registry, Configuration config,
               std::shared_ptr<LiveLogSink> logSink, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Problems found in the configuration; listed at the top of the window.
    void showConfigurationIssues(const QString &source, const ConfigIssues &issues);
    // Where "Save configuration" writes (default: the user's file).
    void setConfigurationPath(const QString &path) { m_configPath = path; }

    const Configuration &configuration() const { return m_config; }
    WorkerTableModel *workerModel() const { return m_table; }
    LogPanel *logPanel() const { return m_logPanel; }
    ShutdownDialog *shutdownDialog() const { return m_shutdownDialog; }
    QStringList selectedWorkers() const;
    void selectWorkers(const QStringList &names);
    // Saves to the configuration path; returns an error text or "".
    QString saveConfiguration();
    // Adds a worker from a checked configuration (what "Add worker" does).
    bool addWorker(const WorkerConfig &worker);

Q_SIGNALS:
    void quitNowRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setUpActions();
    void setUpWorkersView();
    void setUpStatusBar();
    void setUpTray();
    void restoreSettings();
    void saveSettings() const;

    void onSelectionChanged();
    void updateActions();
    void updateStatusBar();
    void onHostState(HostState state);
    void onTransition(const ServiceTransition &transition);

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

    std::unique_ptr<Ui::MainWindow> m_ui;
    Host &m_host;
    const WorkerRegistry &m_registry;
    Configuration m_config;
    QString m_configPath;
    WorkerTableModel *m_table;
    QSortFilterProxyModel *m_sorted;
    WorkerDetails *m_details;
    LogPanel *m_logPanel;
    LatencyProbe *m_latency;
    ShutdownDialog *m_shutdownDialog = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QLabel *m_hostLabel;
    QLabel *m_workersLabel;
    QLabel *m_logRateLabel;
    QLabel *m_latencyLabel;
    quint64 m_lastLogCount = 0;
    bool m_readyToClose = false;
};

} // namespace workhost
