#include "app/attachedwindow.h"

#include "gui/mainwindow.h"
#include <workhost/control/remotehostsession.h>
#include <workhost/platform/unixsignalnotifier.h>

#include <QApplication>

#include <csignal>
#include <cstdio>

namespace workhost {

int runAttachedWindow(const QString &socketPath, const QString &announcement)
{
    RemoteHostSession session(socketPath);
    MainWindow window(session);
    // The window says when it is closed; a tray icon's own window must not
    // keep the process alive (see MainWindow::onHostState).
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&window, &MainWindow::closed, &window, [] { QCoreApplication::exit(0); });
    UnixSignalNotifier unixSignals({SIGINT, SIGTERM});
    QObject::connect(&unixSignals, &UnixSignalNotifier::received, &window,
                     [&window](int) { window.close(); });
    window.show();
    if (!announcement.isEmpty())
        std::fprintf(stderr, "workhost: %s\n", qUtf8Printable(announcement));
    return QApplication::exec();
}

} // namespace workhost
