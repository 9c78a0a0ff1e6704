#pragma once

#include <workhost/session/commandresult.h>

#include <QDialog>

class QDialogButtonBox;
class QLabel;

namespace workhost {

class HostSession;
class SettingsForm;

// "Edit settings" of one worker: a field per setting of its type's schema
// (SettingsForm), each prefilled with the worker's current setting from
// HostSession::configuration(). OK sends HostSession::changeWorkerSettings();
// while the host has not answered, the form is disabled and says it waits;
// a refusal shows the host's message and the dialog stays open with the
// values as typed; done closes it (accepted()). The host changes a worker's
// settings only while it is at rest (it replaces the worker): while the
// worker runs, the dialog says so before OK is pressed. It is not modal, so
// that the person can stop the worker from the window meanwhile.
//
// Owner: its parent (WorkerEditControls opens it with WA_DeleteOnClose).
// GUI thread. It keeps a reference to the session, which outlives the window.
// Signals: those of QDialog; accepted() once the host has the new settings.
class EditSettingsDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EditSettingsDialog)

public:
    // Only for a worker canShow() accepts.
    EditSettingsDialog(HostSession &session, const QString &worker, QWidget *parent = nullptr);
    ~EditSettingsDialog() override;

    // The session's configuration has `worker`, of a type whose schema it
    // knows: the dialog can show its settings.
    static bool canShow(const HostSession &session, const QString &worker);

    QString worker() const { return m_worker; }
    bool isWaitingForTheHost() const { return m_waiting; }

    // Sends the settings; does nothing while a field is invalid or an
    // answer is awaited. The dialog closes only once the host has them.
    void accept() override;

private:
    void buildForm();
    void showWhetherAtRest();
    void fitContents();
    void revalidate();
    void onAnswer(const CommandResult &result);

    HostSession &m_session;
    const QString m_worker;
    SettingsForm *m_form = nullptr; // children of the dialog, as their widgets
    QLabel *m_notAtRest = nullptr;
    QLabel *m_waitingLabel = nullptr;
    QLabel *m_refusal = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_waiting = false;
};

} // namespace workhost
