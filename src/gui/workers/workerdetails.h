#pragma once

#include <workhost/config/configuration.h>

#include <QWidget>

#include <memory>

namespace Ui {
class WorkerDetails;
}

namespace workhost {

class Host;
class WorkerTableModel;

// The details pane for the worker selected in the table: state, start time,
// last error, settings, fault and restart policy, its last 50 state
// transitions, and for a queue an "Enqueue items" control.
//
// Owner: the main window; GUI thread. Reads the host and the table model;
// refreshes itself on their signals while a worker is shown.
class WorkerDetails : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerDetails)

public:
    WorkerDetails(Host &host, WorkerTableModel &table, QWidget *parent = nullptr);
    ~WorkerDetails() override;

    // Shows `worker` (its configuration as loaded); an empty name shows nothing.
    void showWorker(const QString &name, const WorkerConfig &config);
    QString shownWorker() const { return m_name; }

private:
    void refresh();
    void refreshHistory();
    void enqueue();

    std::unique_ptr<Ui::WorkerDetails> m_ui;
    Host &m_host;
    WorkerTableModel &m_table;
    QString m_name;
    WorkerConfig m_config;
};

} // namespace workhost
