#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace workhost {

class EditSettingsDialog;
class HostSession;

// The details pane's controls that change the shown worker on its host:
// "Edit settings…" (an EditSettingsDialog) and its "Log level" (the level of
// the worker's logger: Trace to Off, or "host default" to follow the host's
// level again), sent with HostSession::setLogLevel() on the person's choice,
// with the answer shown under it. The session cannot tell a logger's current
// level: the combo shows "host default" until this window sets one, then the
// level it set (remembered per worker while the window lives).
//
// Enabled as the window's Add and Remove: a session in this process edits;
// an attached one once its host described itself (canEdit()); and only for a
// worker the session knows, of a known type, while the host is up.
//
// Owner: WorkerDetails (a child widget); GUI thread. The session outlives it.
// Signals: settingsChanged(worker): the host took new settings for it (the
// worker was replaced, and so left the window's selection).
class WorkerEditControls : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkerEditControls)

public:
    explicit WorkerEditControls(HostSession &session, QWidget *parent = nullptr);
    ~WorkerEditControls() override;

    // The worker the controls act on; empty: none (hidden).
    void showWorker(const QString &name);
    // The session takes edits: in this process always; attached, once
    // connected to a host that described its worker types.
    static bool canEdit(const HostSession &session);
    // The open "edit settings" dialog, or nullptr.
    EditSettingsDialog *editDialog() const;

Q_SIGNALS:
    void settingsChanged(const QString &worker);

private:
    void updateEnabled();
    void openEditor();
    void showLevel();
    void sendLevel(int index);

    HostSession &m_session;
    QString m_name;
    QPushButton *m_edit;
    QComboBox *m_level;
    QLabel *m_levelAnswer;
    QHash<QString, int> m_levelsSet; // the combo's data last set per worker
    QPointer<EditSettingsDialog> m_dialog;
};

} // namespace workhost
