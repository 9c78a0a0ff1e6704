#pragma once

#include <workhost/logging/loglevel.h>

#include <QString>

#include <cstddef>

namespace workhost {

// Where log lines go, with documented defaults.
struct LogOptions
{
    LogLevel level = LogLevel::Info;     // global; a service may override it
    bool live = true;                    // a live sink for a window and the control socket
    size_t liveCapacity = 65536;         // records the live sink holds for the window, at most
    size_t liveBytes = 32 * 1024 * 1024; // and bytes (see LiveLogSink), whichever comes first
    QString fileDirectory;               // rotating files here; empty: no file
    QString fileName = QStringLiteral("workhost.log");
    size_t maxFileSize = 10 * 1024 * 1024; // bytes per file before it rotates
    size_t maxFiles = 5;                   // rotated files kept besides the current one
    bool console = false;                  // also to stderr (colored on a tty): headless mode
    // Installs a Qt message handler that sends qDebug() .. qFatal() to the
    // "qt" logger (or "qt.<category>"); the handler it replaced is back when
    // the pipeline goes. Off: an application's own handler stays untouched.
    bool routeQtMessages = false;
};

} // namespace workhost
