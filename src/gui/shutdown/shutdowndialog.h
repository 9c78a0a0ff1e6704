#pragma once

#include <workhost/hosting/hoststates.h>

#include <QDialog>
#include <QTimer>

#include <memory>

namespace Ui {
class ShutdownDialog;
}

namespace workhost {

class HostSession;
struct ShutdownProgress;

// The progress of the host's graceful stop, for the person who closed the
// window: an overall bar, one row per worker in stop order (Waiting, Stopping,
// Stopped, Timed out, Faulted) with its elapsed time, the time left to the
// shutdown deadline, and a "Quit now" button.
//
//     auto *dialog = new ShutdownDialog(session, this);
//     connect(dialog, &ShutdownDialog::shutdownComplete, qApp, &QApplication::quit);
//     connect(dialog, &ShutdownDialog::quitNowRequested, this, &MainWindow::abandonAndExit);
//     session.stopHost();
//     dialog->open();
//
// Owner: its parent widget (or the caller). It only watches the session: if
// the session is destroyed first, the dialog stops polling it and keeps its last
// contents. Lives on the GUI thread, the session's thread.
//
// It follows HostSession::shutdownProgressChanged and, while the host is
// Stopping, polls HostSession::shutdownProgress() every 100 ms so that the countdown moves
// between reports. Escape and the close button do nothing until the host is
// Stopped: the stop goes on either way, so "keep waiting" is the only honest
// reading of them. Attached to a host in another process (the window's
// "Stop host..."), the window stays whatever the dialog does: there "Quit
// now" reads "Close", and it, Escape and the close button close the dialog
// at any time while the host goes on stopping.
//
// Signals:
//  shutdownComplete(): exactly once, when the host is Stopped (from
//                      stateChanged(Stopped); queued if it already was when
//                      the dialog was created). Its last contents are final.
//  quitNowRequested(): each time the person clicks "Quit now" (never when
//                      attached); the dialog does nothing else about it, the
//                      receiver decides.
class ShutdownDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShutdownDialog)

public:
    explicit ShutdownDialog(HostSession &session, QWidget *parent = nullptr);
    ~ShutdownDialog() override;

    // True once shutdownComplete() was emitted.
    bool isComplete() const { return m_complete; }

    // Ignored until the host is Stopped (see above); then closes as usual.
    void reject() override;

Q_SIGNALS:
    void shutdownComplete();
    void quitNowRequested();

private:
    void onHostStateChanged(HostState state);
    void complete();
    void refresh();
    void showProgress(const ShutdownProgress &progress);
    void showRows(const ShutdownProgress &progress);
    void showSummary(const ShutdownProgress &progress);

    HostSession &m_session;
    std::unique_ptr<Ui::ShutdownDialog> m_ui;
    const bool m_attached; // the host is in another process (HostSession::isAttached())
    QTimer m_refreshTimer; // runs only while the host is Stopping
    bool m_complete = false;
};

} // namespace workhost
