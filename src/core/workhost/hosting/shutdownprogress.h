#pragma once

#include <workhost/hosting/hoststates.h>

#include <QList>
#include <QMetaType>
#include <QString>

#include <chrono>

namespace workhost {

// Where the host's graceful stop stands: a value type for a progress dialog.
struct ShutdownProgress
{
    struct Entry
    {
        QString service;
        ServiceState state = ServiceState::Stopping;
        bool stopRequested = false; // the host has asked it to stop
        // Sequential stop: it outlasted its share (HostOptions::serviceStopTimeout),
        // so the host asked the next ones while it goes on stopping.
        bool overran = false;
        std::chrono::milliseconds elapsed{0}; // since it was asked (final once it ended)
    };

    std::chrono::milliseconds elapsed{0};   // since stop() began
    std::chrono::milliseconds remaining{0}; // to the shutdown deadline, never negative
    QList<Entry> entries;                   // every service that had to stop, in stop order

    int finishedCount() const; // entries no longer Stopping
    bool finished() const { return finishedCount() == entries.size(); }
};

} // namespace workhost

Q_DECLARE_METATYPE(workhost::ShutdownProgress)
