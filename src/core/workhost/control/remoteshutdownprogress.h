#pragma once

#include <workhost/hosting/shutdownprogress.h>

#include <QElapsedTimer>

class QCborValue;

namespace workhost {

// The host's shutdown progress as a RemoteHostSession last heard it (the
// `progress` of a "shutdown" event, or of the statuses snapshot), moved on
// by the time since it arrived: the host sends one when something changes,
// the ShutdownDialog reads current() every 100 ms, and its countdown should
// move as it does in-process. So current() is the last report with its
// elapsed times advanced (the whole stop's, and each unfinished entry's
// that was asked to) and `remaining` counted down (never below 0) by the
// time on this side's monotonic clock since it came. A finished report, or
// one frozen (the connection ended), is returned as it came.
//
// Owner: RemoteHostSession, a member; GUI thread.
class RemoteShutdownProgress
{
public:
    // Reads a report; false (and a warning naming the field) when it cannot be read.
    bool apply(const QCborValue &progress);
    // The connection ended: no later report will come; it stays where it had moved to.
    void freeze();
    // Another host: nothing is known of its stop.
    void reset();

    ShutdownProgress current() const;

private:
    ShutdownProgress m_last;
    QElapsedTimer m_received; // since m_last came; invalid: frozen
};

} // namespace workhost
