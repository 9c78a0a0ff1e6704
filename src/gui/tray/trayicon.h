#pragma once

#include <QSystemTrayIcon>

namespace workhost {

class HostSession;
struct ServiceTransition;

// The window's icon in the desktop's system tray: clicking it brings the
// window back (shown, raised, activated); its tooltip counts the running
// workers; a worker that faults or gives up is announced in a balloon. It
// hides itself once the host has stopped, before the window quits.
//
//     m_tray = TrayIcon::createIfAvailable(session, *this); // nullptr: no tray
//     if (m_tray)
//         m_tray->showWorkerCounts(running, total);
//
// There is no context menu: the window's own menus and Ctrl+Q do the rest.
// Owner: the window (its QObject parent); GUI thread. The session must outlive it.
class TrayIcon : public QSystemTrayIcon
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    // Shown at once, with the window's icon; nullptr when the desktop has no
    // system tray (as offscreen, or a window manager without one).
    static TrayIcon *createIfAvailable(const HostSession &session, QWidget &window);

    // Not shown until show(); works without a tray (then nothing is drawn).
    TrayIcon(const HostSession &session, QWidget &window);

    void showWorkerCounts(int running, int total);

    // The balloon's text for a transition: "" for the transitions that
    // deserve none (all but Faulted and GaveUp).
    static QString alertFor(const ServiceTransition &transition);

private:
    void bringBackWindow();
    void announce(const ServiceTransition &transition);

    QWidget &m_window;
};

} // namespace workhost
