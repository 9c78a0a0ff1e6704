#pragma once

#include <workhost/logging/loglevel.h>
#include <workhost/logging/logrecord.h>
#include <workhost/models/logfilter.h>

#include <QAbstractTableModel>

#include <deque>

namespace workhost {

// The log lines a view shows, as a table: time, level, service, message.
// It retains up to a cap of lines (default 100,000; the configuration's
// "logging.retention") and a cap of bytes (default 64 MiB, heldBytes() of
// each line), whichever is reached first, and drops the oldest in chunks of a
// tenth of the cap, so that one drop is one row removal, not thousands. A
// LogFilter chooses the shown rows; refiltering is one linear pass over the
// retained lines (no proxy model, no data() calls).
//
// QtCore only: colours belong to the view (see LevelRole).
// Owner: the view's owner (the product's window); lives on the GUI thread. Fed by
// LogFeed::batchReady. Emits countsChanged() after every change of the counts.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { TimeColumn, LevelColumn, ServiceColumn, MessageColumn, ColumnCount };
    enum Role {
        LevelRole = Qt::UserRole + 1, // LogLevel as int
        SequenceRole,                 // the record's sequence number (quint64)
        TimeRole                      // microseconds since the epoch (qint64)
    };

    static constexpr int defaultRetentionCap = 100000;
    static constexpr size_t defaultRetentionBytes = 64 * 1024 * 1024;

    explicit LogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const LogRecords &records, quint64 droppedBefore = 0);
    void clear();

    void setRetentionCap(int cap);
    int retentionCap() const { return m_cap; }
    void setRetentionBytes(size_t bytes);
    size_t retentionBytes() const { return m_byteCap; }
    void setFilter(LogFilter filter);
    const LogFilter &filter() const { return m_filter; }

    const LogRecord &record(int row) const;
    int shownCount() const { return rowCount(); }
    int retainedCount() const { return static_cast<int>(m_records.size()); }
    size_t retainedBytes() const { return m_bytes; } // never more than retentionBytes()
    // Lines lost before the window saw them (live sink full) plus lines
    // dropped here by the retention cap.
    quint64 droppedCount() const { return m_droppedUpstream + m_droppedByCap; }
    quint64 droppedUpstream() const { return m_droppedUpstream; }
    quint64 droppedByCap() const { return m_droppedByCap; }

Q_SIGNALS:
    void countsChanged();

private:
    // Drops the oldest lines so that `incoming` more lines, holding
    // `incomingBytes`, fit under both caps.
    void trimToCap(size_t incoming = 0, size_t incomingBytes = 0);
    const LogRecord &at(quint64 absolute) const { return m_records[absolute - m_base]; }

    int m_cap = defaultRetentionCap;
    size_t m_byteCap = defaultRetentionBytes;
    LogFilter m_filter;
    std::deque<LogRecord> m_records; // retained, oldest first
    size_t m_bytes = 0;              // heldBytes() of every retained line
    quint64 m_base = 0;              // absolute index of m_records.front()
    std::deque<quint64> m_shown;     // absolute indices of the shown records, ascending
    quint64 m_droppedUpstream = 0;
    quint64 m_droppedByCap = 0;
};

} // namespace workhost
