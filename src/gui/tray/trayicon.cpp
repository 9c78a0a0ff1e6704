#include "gui/tray/trayicon.h"

#include <workhost/session/hostsession.h>

#include <QWidget>

namespace workhost {

TrayIcon *TrayIcon::createIfAvailable(const HostSession &session, QWidget &window)
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return nullptr;
    auto *tray = new TrayIcon(session, window);
    tray->show();
    return tray;
}

TrayIcon::TrayIcon(const HostSession &session, QWidget &window)
    : QSystemTrayIcon(window.windowIcon(), &window)
    , m_window(window)
{
    connect(this, &QSystemTrayIcon::activated, this, &TrayIcon::bringBackWindow);
    connect(&session, &HostSession::workerStateChanged, this, &TrayIcon::announce);
    connect(&session, &HostSession::hostStateChanged, this, [this](HostState state) {
        if (state == HostState::Stopped)
            hide();
    });
}

void TrayIcon::showWorkerCounts(int running, int total)
{
    setToolTip(tr("Workhost: %1 of %2 workers running").arg(running).arg(total));
}

QString TrayIcon::alertFor(const ServiceTransition &transition)
{
    switch (transition.to) {
    case ServiceState::GaveUp:
        return tr("%1 gave up after too many restarts").arg(transition.service);
    case ServiceState::Faulted:
        return tr("%1 faulted: %2").arg(transition.service, transition.reason);
    default:
        return {};
    }
}

void TrayIcon::bringBackWindow()
{
    m_window.showNormal();
    m_window.raise();
    m_window.activateWindow();
}

void TrayIcon::announce(const ServiceTransition &transition)
{
    const QString alert = alertFor(transition);
    if (!alert.isEmpty())
        showMessage(tr("Workhost"), alert, QSystemTrayIcon::Warning, 5000);
}

} // namespace workhost
