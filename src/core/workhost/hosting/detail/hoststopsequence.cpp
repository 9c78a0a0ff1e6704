#include <workhost/hosting/detail/hoststopsequence.h>

#include <workhost/hosting/detail/hostevents.h>
#include <workhost/hosting/detail/reentryguard.h>
#include <workhost/hosting/detail/servicecontroller.h>
#include <workhost/hosting/service.h>

#include <algorithm>

namespace workhost {

using std::chrono::milliseconds;

HostStopSequence::HostStopSequence(const HostOptions &options, ReentryGuard &emitting)
    : m_options(options)
    , m_emitting(emitting)
{
    m_deadlineTimer.setSingleShot(true);
    m_deadlineTimer.setTimerType(Qt::PreciseTimer); // a deadline must not fire early
    connect(&m_deadlineTimer, &QTimer::timeout, this, &HostStopSequence::onDeadline);
    m_shareTimer.setSingleShot(true);
    m_shareTimer.setTimerType(Qt::PreciseTimer); // nor a share
    connect(&m_shareTimer, &QTimer::timeout, this, &HostStopSequence::onShareElapsed);
    m_progressTimer.setSingleShot(true);
    connect(&m_progressTimer, &QTimer::timeout, this, &HostStopSequence::publishProgress);
}

HostStopSequence::~HostStopSequence() = default;

void HostStopSequence::begin(const QList<ServiceController *> &controllers)
{
    Q_ASSERT_X(!hasBegun(), "HostStopSequence::begin", "a host stops once");
    m_clock.start();
    m_deadline = QDeadlineTimer(m_options.shutdownTimeout);
    m_running = true;
    for (auto it = controllers.crbegin(); it != controllers.crend(); ++it) {
        if (hasRunInProgress((*it)->state()))
            m_entries.append(Entry{*it, false, false, {}, milliseconds(-1)});
    }
    m_stillStopping = static_cast<int>(m_entries.size());
    m_nextToAsk = 0;
    m_deadlineTimer.start(m_options.shutdownTimeout);
}

void HostStopSequence::askFirst()
{
    askNext();
    publishProgress();
    finishIfDone();
}

milliseconds HostStopSequence::elapsed() const
{
    return milliseconds(m_clock.isValid() ? m_clock.elapsed() : 0);
}

void HostStopSequence::askNext()
{
    // Entries are asked in order; m_nextToAsk is the first not asked yet.
    // Sequential: the last one asked holds the others back until it has
    // stopped or overran its share.
    while (m_nextToAsk < m_entries.size()) {
        Entry &entry = m_entries[m_nextToAsk];
        if (hasRunInProgress(entry.controller->state()) && !entry.requested) {
            if (!m_options.stopConcurrently && m_nextToAsk > 0) {
                const Entry &previous = m_entries[m_nextToAsk - 1];
                if (hasRunInProgress(previous.controller->state()) && !previous.overran)
                    return;
            }
            ask(entry);
        }
        ++m_nextToAsk;
    }
}

void HostStopSequence::ask(Entry &entry)
{
    if (!m_options.stopConcurrently) {
        // Its share: the time left, divided among the entries still to ask.
        const auto toAsk = m_entries.size() - m_nextToAsk;
        m_share = milliseconds(std::max<qint64>(0, m_deadline.remainingTime()) / toAsk);
        if (m_options.serviceStopTimeout.count() > 0)
            m_share = std::min(m_share, m_options.serviceStopTimeout);
        m_shareTimer.start(m_share);
    }
    entry.requested = true;
    entry.clock.start();
    // Each keeps the whole deadline: a share only decides when the next is asked.
    entry.controller->stop(m_deadline, QStringLiteral("the host is stopping"));
}

void HostStopSequence::onShareElapsed()
{
    if (!m_running || m_nextToAsk == 0)
        return;
    Entry &entry = m_entries[m_nextToAsk - 1];
    if (!hasRunInProgress(entry.controller->state()))
        return;
    entry.overran = true;
    hostevents::serviceOverranStopShare(entry.controller->service()->log(), m_share);
    const ReentryGuard::Locker emitting(m_emitting);
    askNext();
    scheduleProgress();
}

void HostStopSequence::onDeadline()
{
    // Services never asked (sequential stop, a serviceStopTimeout cut to
    // nothing) are asked now with no time left: they end TimedOut like the
    // rest, and return later if they can.
    m_shareTimer.stop();
    const ReentryGuard::Locker emitting(m_emitting);
    for (Entry &entry : m_entries) {
        if (hasRunInProgress(entry.controller->state()) && !entry.requested) {
            entry.requested = true;
            entry.clock.start();
            entry.controller->stop(QDeadlineTimer(0),
                                   QStringLiteral("the shutdown deadline passed"));
        }
    }
}

void HostStopSequence::onTransition(ServiceController *controller,
                                    const ServiceTransition &transition)
{
    if (!m_running || hasRunInProgress(transition.to))
        return;
    const auto entry = std::find_if(m_entries.begin(), m_entries.end(),
                                    [&](const Entry &e) { return e.controller == controller; });
    if (entry == m_entries.end() || entry->took.count() >= 0)
        return; // not one the host is stopping, or already counted
    entry->took = milliseconds(entry->clock.isValid() ? entry->clock.elapsed() : 0);
    --m_stillStopping;
    scheduleProgress();
    askNext();
    finishIfDone();
}

void HostStopSequence::finishIfDone()
{
    if (!m_running || m_stillStopping > 0)
        return;
    m_deadlineTimer.stop();
    m_shareTimer.stop();
    publishProgress(); // the final report, before finished()
    m_running = false;
    Q_EMIT finished();
}

void HostStopSequence::forget(ServiceController *controller)
{
    Q_ASSERT_X(!m_running, "HostStopSequence::forget", "the stop still reads its controllers");
    m_entries.removeIf([controller](const Entry &e) { return e.controller == controller; });
}

ShutdownProgress HostStopSequence::progress() const
{
    ShutdownProgress progress;
    if (hasBegun()) {
        progress.elapsed = elapsed();
        progress.remaining = m_running
                                 ? milliseconds(std::max<qint64>(0, m_deadline.remainingTime()))
                                 : milliseconds(0);
    }
    for (const Entry &entry : m_entries) {
        ShutdownProgress::Entry out;
        out.service = entry.controller->name();
        out.state = entry.controller->state();
        out.stopRequested = entry.requested;
        out.overran = entry.overran;
        out.elapsed = entry.took.count() >= 0 ? entry.took
                      : entry.requested       ? milliseconds(entry.clock.elapsed())
                                              : milliseconds(0);
        progress.entries.append(out);
    }
    return progress;
}

void HostStopSequence::scheduleProgress()
{
    // Coalesced: a burst of stops (256 services at once) makes one report, not 256.
    if (!m_progressTimer.isActive())
        m_progressTimer.start(0);
}

void HostStopSequence::publishProgress()
{
    m_progressTimer.stop();
    Q_EMIT progressDue();
}

} // namespace workhost
