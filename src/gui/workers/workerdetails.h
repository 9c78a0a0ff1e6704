#pragma once

#include <workhost/config/configuration.h>
#include <workhost/hosting/serviceaction.h>

#include <QWidget>

#include <memory>

namespace Ui {
class WorkerDetails;
}

namespace workhost {

class HostSession;
class WorkerEditControls;
class WorkerTableModel;

// The details pane for the worker selected in the table: state, start time,
// last error, the named values it publishes (ServiceStatus::values), settings,
// fault and restart policy, a control for each action it declares
// (HostSession::workerActions(), with a count when the action takes one), its
// "Edit settings…" and "Log level" (WorkerEditControls) and its last 50 state
// transitions. It knows workers only as values: any
// worker's values and actions show without a change here.
//
// Owner: the main window; GUI thread. Reads the session and the table model;
// refreshes itself on their signals while a worker is shown, and shows it
// again on HostSession::configurationChanged() (a remote session describes a
// new worker's type, settings and actions after the table shows it).
// Signals: settingsChanged(worker): its settings were changed from here (the
// host replaced it, so it left the window's selection).
class WorkerDetails : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerDetails)

public:
    WorkerDetails(HostSession &session, WorkerTableModel &table, QWidget *parent = nullptr);
    ~WorkerDetails() override;

    // Shows `worker` (its configuration as loaded); an empty name shows
    // nothing. Showing the same worker again keeps its action controls and
    // their last answer when its actions are the same.
    void showWorker(const QString &name, const WorkerConfig &config);
    QString shownWorker() const { return m_name; }
    WorkerEditControls *editControls() const { return m_editControls; }

Q_SIGNALS:
    void settingsChanged(const QString &worker);

private:
    // The shown worker again, as the session's configuration now describes it.
    void showDescribed();
    void refresh();
    void refreshHistory();
    void showValues(const QVariantMap &values);
    void showActions(const QList<ServiceAction> &actions);
    // Asks the session to run it, and shows the answer when it comes.
    void runAction(const QString &action, int count);

    std::unique_ptr<Ui::WorkerDetails> m_ui;
    HostSession &m_session;
    WorkerTableModel &m_table;
    QString m_name;
    WorkerConfig m_config;
    QList<ServiceAction> m_actions;     // the controls shown
    WorkerEditControls *m_editControls; // a child widget
};

} // namespace workhost
