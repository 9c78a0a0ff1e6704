#pragma once

#include <workhost/hosting/hostoptions.h>
#include <workhost/hosting/shutdownprogress.h>

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace workhost {

class ReentryGuard;
class ServiceController;
struct ServiceTransition;

// The host's graceful stop (internal to the host). Asks every service whose
// run is in progress to stop, in reverse registration order, under the one
// shutdown deadline: sequentially, the next when the previous one has stopped
// or used its share of the time left (HostOptions::serviceStopTimeout), the
// slow one stopping on beside it; or all at once (stopConcurrently). At the
// deadline it asks those never asked, with no time left. Each controller
// times its own service out at the deadline; this class only counts the ends.
//
// Owner: the Host (a std::unique_ptr); lives on the host's thread, and every
// method is called there. It asks and reads the host's controllers, never
// owns them; the host tells it their transitions (onTransition()) and the
// ones it removes (forget()).
//
// Emits progressDue() when the host should publish progress(): at once in
// askFirst(), after changes (coalesced within one event-loop pass), and last
// just before finished(). finished() comes exactly once, synchronously from
// askFirst() or onTransition(), when every service asked has ended its run.
class HostStopSequence : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostStopSequence)

public:
    // `emitting`: the host's guard, locked while asking (asking makes the
    // controllers report transitions, which reach user code through the host).
    HostStopSequence(const HostOptions &options, ReentryGuard &emitting);
    ~HostStopSequence() override;

    // Begins the stop: the shutdown deadline runs from here. Lists, in stop
    // order, those of `controllers` (given in registration order) whose run is
    // in progress, and asks none yet.
    void begin(const QList<ServiceController *> &controllers);
    // Asks the first (sequential) or all (concurrent); publishes progress;
    // finishes at once when there was nothing to stop.
    void askFirst();
    bool hasBegun() const { return m_clock.isValid(); }
    // The shutdown deadline, and the time since begin(); only meaningful once begun.
    QDeadlineTimer deadline() const { return m_deadline; }
    std::chrono::milliseconds elapsed() const;

    // Every transition of every service while the host is stopping.
    void onTransition(ServiceController *controller, const ServiceTransition &transition);
    // The host removed this controller (only once the stop has finished).
    void forget(ServiceController *controller);

    // Where the stop stands: empty before begin(), no time left once finished.
    ShutdownProgress progress() const;

Q_SIGNALS:
    void progressDue();
    void finished();

private:
    struct Entry
    {
        ServiceController *controller = nullptr;
        bool requested = false;
        bool overran = false;               // outlasted its share; the next ones were asked
        QElapsedTimer clock;                // since requested
        std::chrono::milliseconds took{-1}; // once it ended
    };

    void askNext();
    void ask(Entry &entry);
    void onShareElapsed();
    void onDeadline();
    void finishIfDone();
    void scheduleProgress();
    void publishProgress();

    const HostOptions m_options;
    ReentryGuard &m_emitting;
    QList<Entry> m_entries; // stop order
    QElapsedTimer m_clock;  // since begin()
    QDeadlineTimer m_deadline;
    QTimer m_deadlineTimer;
    QTimer m_shareTimer; // sequential stop: the share of the entry asked last
    std::chrono::milliseconds m_share{0};
    QTimer m_progressTimer;
    int m_stillStopping = 0; // entries not ended yet
    qsizetype m_nextToAsk = 0;
    bool m_running = false; // between begin() and finished()
};

} // namespace workhost
