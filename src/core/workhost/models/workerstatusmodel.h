#pragma once

#include <workhost/hosting/servicestatus.h>

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QTimer>

#include <deque>

namespace workhost {

class HostSession;

// The workers of a host as a table, live, for any view (QtCore only: texts,
// numbers, alignment and tool tips; the window's WorkerTableModel adds state
// colours and icons), through a HostSession (in this process or remote). One
// row per service, in registration order. Rows follow the host's coalesced
// status batches (HostSession::statusesChanged); every state
// transition also lands in a per-worker history (the last 50). While the
// session is not connected (a remote host gone) the rows keep their last
// values and isStale() is true; every row is marked changed when that flips. Once a second,
// while any worker is active, it samples each worker's rate (items per
// second) and CPU share, and advances uptimes; idle, it does nothing at all.
//
// Owner: whoever shows the host (the main window, an embedder's view); it
// lives on the session's thread (the GUI thread) and must be destroyed
// before the session. Sort through a QSortFilterProxyModel with SortRole.
class WorkerStatusModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerStatusModel)

public:
    enum Column {
        NameColumn,
        TypeColumn,
        StateColumn,
        UptimeColumn,
        RestartsColumn,
        ProgressColumn,
        RateColumn,
        CpuColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers where the column is numeric
        StateRole,                   // ServiceState as int
        ProgressRole,                // int, -1 when none
        RateHistoryRole,             // QList<double>: items per second, oldest first, last minute
        NameRole                     // the service name, whatever the column
    };
    static constexpr int historyLimit = 50;
    static constexpr int rateSamples = 60;

    explicit WorkerStatusModel(HostSession &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The worker type shown in the Type column (the host knows only kinds);
    // unset, the session's workerType(), then the service's kind.
    void setWorkerType(const QString &name, const QString &type);
    QString workerType(const QString &name) const { return m_types.value(name); }

    int rowOf(const QString &name) const;
    ServiceStatus status(int row) const { return m_rows.at(row).status; }
    QList<ServiceTransition> history(const QString &name) const;
    double rate(int row) const; // items per second, last sample
    double totalRate() const;   // all workers
    int activeCount() const;    // Starting, Running, Stopping or BackingOff
    // The rows are the last values seen, not the host's now: the session is
    // not connected.
    bool isStale() const;

Q_SIGNALS:
    void historyChanged(const QString &name);

private:
    struct Row
    {
        ServiceStatus status;
        std::deque<double> rates; // items per second, one per sample
        qint64 itemsAtLastSample = 0;
        std::chrono::nanoseconds cpuAtLastSample{0};
        double cpuPercent = 0;
        std::deque<ServiceTransition> history;
    };

    void onStatuses(const QList<ServiceStatus> &statuses);
    void onTransition(const ServiceTransition &transition);
    void onServiceAdded(const QString &name);
    void onServiceRemoved(const QString &name);
    void onConnectionChanged();
    void sample();
    void updateSampling();
    void indexRowsFrom(int first);
    QString typeText(const ServiceStatus &status) const;

    HostSession &m_session;
    QList<Row> m_rows;               // the host's registration order
    QHash<QString, int> m_rowOfName; // a status batch finds each row at once
    QHash<QString, QString> m_types;
    QTimer m_sampler;
    QElapsedTimer m_sinceSample;
};

} // namespace workhost
