#pragma once

// For the child processes some tests start (abandoningchild.h,
// durabilitychild.h): run a host, stop it a while after it is running, and
// hand back its exit code.

#include <workhost/hosting/host.h>

#include <QCoreApplication>
#include <QTimer>

#include <memory>

namespace workhost::test {

// Starts `host`, stops it `stopAfterMs` after it is running, runs `app`'s
// event loop until it has stopped, and returns its exit code. The host is
// destroyed before this returns.
inline int runHostAndStopAfter(QCoreApplication &app, std::unique_ptr<Host> host, int stopAfterMs)
{
    QObject::connect(host.get(), &Host::stateChanged, &app, [&](HostState state) {
        if (state == HostState::Running)
            QTimer::singleShot(stopAfterMs, host.get(), &Host::stop);
        if (state == HostState::Stopped)
            app.quit();
    });
    host->start();
    app.exec();
    const int code = host->exitCode();
    host.reset();
    return code;
}

} // namespace workhost::test
