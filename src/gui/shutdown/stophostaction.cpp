#include "gui/shutdown/stophostaction.h"

#include "gui/shutdown/shutdowndialog.h"
#include <workhost/session/hostsession.h>

#include <QMainWindow>
#include <QMessageBox>
#include <QStatusBar>

namespace workhost {

StopHostAction::StopHostAction(HostSession &session, QMainWindow &window)
    : QAction(tr("Stop &host..."), &window)
    , m_session(session)
    , m_window(window)
{
    setObjectName(QStringLiteral("actionStopHost"));
    connect(this, &QAction::triggered, this, &StopHostAction::confirmAndStop);
}

void StopHostAction::confirmAndStop()
{
    const auto answer =
        QMessageBox::question(&m_window, tr("Stop host"),
                              tr("Stop the host (%1)? Its workers stop and its process ends.")
                                  .arg(m_session.description()));
    if (answer != QMessageBox::Yes)
        return;
    m_session.stopHost(CommandReply(this, [this](const CommandResult &result) {
        m_window.statusBar()->showMessage(
            result.ok() ? tr("The host is stopping")
                        : tr("The host did not stop: %1").arg(result.message));
        if (result.ok())
            openDialog();
    }));
}

// Made once the host is Stopping: the dialog polls the session from then on.
void StopHostAction::openDialog()
{
    if (m_dialog) // a second "yes" while one is open: one dialog follows the stop
        return;
    m_dialog = new ShutdownDialog(m_session, &m_window);
    connect(m_dialog, &QDialog::finished, m_dialog, &QObject::deleteLater); // closed: gone
    m_dialog->open();
}

} // namespace workhost
