#pragma once

#include <workhost/logging/logrecord.h>
#include <workhost/models/logfilter.h>

#include <QSet>
#include <QWidget>

#include <memory>

namespace Ui {
class LogPanel;
}

namespace workhost {

class LogModel;
class LogSubscription;
class LogView;

// The log pane of the window: the live log view with its filter bar (minimum
// level, text or regular expression, only the workers selected in the table),
// follow-tail, pause (lines are held back, not lost), clear, copy, save, and
// the counts of shown, retained and dropped lines.
//
// Owner: the main window; GUI thread. It owns the LogModel and the
// LogSubscription (HostSession::followLog()) that fills it.
class LogPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPanel)

public:
    LogPanel(std::unique_ptr<LogSubscription> log, int retentionCap, QWidget *parent = nullptr);
    ~LogPanel() override;

    LogModel *model() const { return m_model; }
    LogView *view() const;
    LogSubscription *subscription() const { return m_log.get(); }

    // The workers selected in the table; used while "Selected workers" is on.
    void setSelectedWorkers(const QSet<QString> &workers);
    void setSelectedOnly(bool on);
    void setPaused(bool paused);
    bool isPaused() const;
    // Lines received so far (for the status bar's log rate).
    quint64 receivedCount() const { return m_received; }

    // Writes the shown lines, one per line; returns an error text or "".
    QString saveShownLines(const QString &path) const;
    QString selectedLinesText() const;

    // Filter state, for the window's settings.
    void restoreFilter(int minimumLevel, const QString &text, bool regex);
    int minimumLevel() const;
    QString filterText() const;
    bool filterIsRegex() const;

private:
    void applyFilter();
    void onBatch(const LogRecords &records, quint64 droppedBefore);
    void updateCounts();
    void copySelection();
    void saveWithDialog();

    std::unique_ptr<Ui::LogPanel> m_ui;
    LogModel *m_model;
    std::unique_ptr<LogSubscription> m_log;
    QSet<QString> m_selectedWorkers;
    LogRecords m_held;      // received while paused
    size_t m_heldBytes = 0; // heldBytes() of m_held
    quint64 m_heldDropped = 0;
    quint64 m_received = 0;
};

} // namespace workhost
