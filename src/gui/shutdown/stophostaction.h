#pragma once

#include <QAction>
#include <QPointer>

class QMainWindow;

namespace workhost {

class HostSession;
class ShutdownDialog;

// "Stop host..." in the File menu of a window attached to a host in another
// process (HostSession::isAttached()), where closing the window leaves the
// host running: asks the person to confirm, asks the host to stop
// (HostSession::stopHost()), and once the host has said it stops, opens a
// ShutdownDialog that follows the remote stop (its workers' rows, the
// countdown) and can be closed at any time; the window stays. A host that
// does not stop says why in the status bar.
//
// Owner: the window (QObject parent); GUI thread. The session outlives it.
class StopHostAction : public QAction
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StopHostAction)

public:
    StopHostAction(HostSession &session, QMainWindow &window);

    // The dialog of the last stop, until it is closed (it is deleted then).
    ShutdownDialog *dialog() const { return m_dialog; }

private:
    void confirmAndStop();
    void openDialog();

    HostSession &m_session;
    QMainWindow &m_window;
    QPointer<ShutdownDialog> m_dialog;
};

} // namespace workhost
