#pragma once

#include <QString>

namespace workhost {

// The window over a host that runs in another process (`workhost --attach`,
// or a second `workhost` on a configuration a host already runs): a
// RemoteHostSession on `socketPath` and a MainWindow over it, until the
// window is closed, which leaves the host running. SIGINT and SIGTERM close
// the window. `announcement`, when not empty, goes to stderr once SIGINT and
// SIGTERM are handled (a script that waits for it may then signal). Returns
// the process's exit status: 0.
//
// Called by main() on the main thread, with the QApplication made.
int runAttachedWindow(const QString &socketPath, const QString &announcement = {});

} // namespace workhost
