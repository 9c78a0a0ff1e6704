#pragma once

#include <QMetaEnum>
#include <QMetaType>
#include <QObject>
#include <QString>

// The small enums of the host's model, registered with Qt's meta-object system
// (Q_ENUM_NS) so that they print by name in logs, tests and QVariant.
namespace workhost {
Q_NAMESPACE

// The host's own lifecycle. Each state is entered at most once, in this order.
enum class HostState { Created, Starting, Running, Stopping, Stopped };
Q_ENUM_NS(HostState)

// A service's lifecycle; see docs/ARCHITECTURE.md for the diagram.
enum class ServiceState {
    Stopped,    // not running; can be started (the initial state)
    Starting,   // its thread is starting and running onStart()
    Running,    // started, doing its work
    Stopping,   // asked to stop, not returned yet
    Faulted,    // threw; the fault policy decides what follows
    BackingOff, // waiting out the backoff delay before a restart
    TimedOut,   // did not return by the stop deadline; its thread is abandoned until it does
    GaveUp      // hit the restart intensity limit; only a manual start revives it
};
Q_ENUM_NS(ServiceState)

// What a state means, named once (the host, its stop sequence, the window and
// the headless run ask these, rather than each listing states of its own).
//
// A run is in progress: the service's code runs on its thread (Starting,
// Running, Stopping), and the host awaits the run's end. The graceful stop
// asks these services and waits for them; one may not be removed.
constexpr bool hasRunInProgress(ServiceState state)
{
    return state == ServiceState::Starting || state == ServiceState::Running ||
           state == ServiceState::Stopping;
}

// A run is in progress, or the host will start one by itself (BackingOff):
// Host::stopService() has something to stop, and the service is busy (its
// rate and CPU time may change). Its negation, with ServiceStatus::threadAlive
// false, is "at rest": a start by hand may follow.
constexpr bool hasRunInProgressOrPending(ServiceState state)
{
    return hasRunInProgress(state) || state == ServiceState::BackingOff;
}

// Host::removeService() takes the service: no run in progress and no thread
// left. A service BackingOff may be removed too (its restart wait ends).
constexpr bool canBeRemoved(ServiceState state, bool threadAlive)
{
    return !hasRunInProgress(state) && !threadAlive;
}

// The run ended in a failure the window and the tray point out.
constexpr bool isFailure(ServiceState state)
{
    return state == ServiceState::Faulted || state == ServiceState::GaveUp;
}

// How one run of a service ended, as its transitions and statuses report it.
// Completed, Stopped and Cancelled are clean ends; Faulted and TimedOut are not.
// The rule for exceptions (as .NET's OperationCanceledException on the stopping
// token, and Tasking's DoneWith::Cancel): an exception that leaves execute() or
// onStart() after the run's stop was requested is Cancelled, not a fault; one
// thrown before, or from onStop() (the stop itself failed), is Faulted.
enum class RunOutcome {
    Completed, // returned on its own, before any stop request
    Stopped,   // returned after a stop request
    Cancelled, // threw after a stop request: a library that cancels by exception
    Faulted,   // threw (or called fail()) on its own, or its onStop() threw
    TimedOut   // did not return by the stop deadline; the host gave up on it
};
Q_ENUM_NS(RunOutcome)

// Why a service counts among a stopped host's failures (Host::failures()).
enum class FailureKind {
    Faulted,  // ended Faulted, or faulted with FaultPolicy::StopHost
    GaveUp,   // hit its restart limit
    TimedOut, // did not stop by the shutdown deadline
    StopError // its onStop() threw while the host stopped it
};
Q_ENUM_NS(FailureKind)

// The two kinds of service, as in .NET.
enum class ServiceKind {
    Hosted,    // event-driven: onStart()/onStop() on its own thread's event loop
    Background // one execute(StopToken) that loops until asked to stop
};
Q_ENUM_NS(ServiceKind)

// What the host does when a service throws from onStart() or execute().
enum class FaultPolicy {
    Restart, // back off, then start again, within the restart intensity limit (default)
    Ignore,  // stay Faulted until started by hand
    StopHost // stop the whole host gracefully, which then reports a failure
};
Q_ENUM_NS(FaultPolicy)

// Why Host::addService() refused a service (AddServiceResult::refusal()).
enum class AddServiceRefusal {
    None,          // not refused: the service is in the host
    NoService,     // a null pointer was given
    DuplicateName, // a service of the host already has its name
    HostStopping,  // the host is stopping: it takes no new service
    HostStopped    // the host has stopped: it takes no new service
};
Q_ENUM_NS(AddServiceRefusal)

// Returns the enum value's name as written in the code ("BackingOff").
template <typename Enum>
QString enumName(Enum value)
{
    return QString::fromLatin1(QMetaEnum::fromType<Enum>().valueToKey(static_cast<int>(value)));
}

} // namespace workhost
