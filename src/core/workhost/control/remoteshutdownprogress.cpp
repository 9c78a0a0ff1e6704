#include <workhost/control/remoteshutdownprogress.h>

#include <workhost/control/remotelog.h>
#include <workhost/control/shutdownprogresscbor.h>

#include <QCborValue>

#include <algorithm>

namespace workhost {

bool RemoteShutdownProgress::apply(const QCborValue &progress)
{
    const Parsed<ShutdownProgress> parsed = shutdownProgressFromCbor(progress.toMap());
    if (!progress.isMap() || !parsed.ok()) {
        qCWarning(remoteLog, "the host's shutdown progress: %s",
                  progress.isMap() ? qPrintable(parsed.error.toString()) : "not a map");
        return false;
    }
    m_last = *parsed.value;
    m_received.start();
    return true;
}

void RemoteShutdownProgress::freeze()
{
    m_last = current();
    m_received.invalidate();
}

void RemoteShutdownProgress::reset()
{
    m_last = {};
    m_received.invalidate();
}

ShutdownProgress RemoteShutdownProgress::current() const
{
    if (!m_received.isValid() || m_last.finished())
        return m_last;
    const std::chrono::milliseconds since(m_received.elapsed());
    ShutdownProgress progress = m_last;
    progress.elapsed += since;
    progress.remaining = std::max(std::chrono::milliseconds(0), progress.remaining - since);
    for (ShutdownProgress::Entry &entry : progress.entries)
        if (entry.stopRequested && hasRunInProgress(entry.state)) // as finished() counts it
            entry.elapsed += since;
    return progress;
}

} // namespace workhost
