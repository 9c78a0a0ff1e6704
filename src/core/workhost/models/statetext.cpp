#include <workhost/models/statetext.h>

#include <QObject>

namespace workhost {

QString stateLabel(ServiceState state)
{
    switch (state) {
    case ServiceState::Stopped:
        return QObject::tr("Stopped");
    case ServiceState::Starting:
        return QObject::tr("Starting");
    case ServiceState::Running:
        return QObject::tr("Running");
    case ServiceState::Stopping:
        return QObject::tr("Stopping");
    case ServiceState::Faulted:
        return QObject::tr("Faulted");
    case ServiceState::BackingOff:
        return QObject::tr("Backing off");
    case ServiceState::TimedOut:
        return QObject::tr("Timed out");
    case ServiceState::GaveUp:
        return QObject::tr("Gave up");
    }
    return {};
}

QString outcomeLabel(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Completed:
        return QObject::tr("Completed");
    case RunOutcome::Stopped:
        return QObject::tr("Stopped on request");
    case RunOutcome::Cancelled:
        return QObject::tr("Cancelled");
    case RunOutcome::Faulted:
        return QObject::tr("Faulted");
    case RunOutcome::TimedOut:
        return QObject::tr("Timed out");
    }
    return {};
}

QString stateText(ServiceState state, std::optional<RunOutcome> lastOutcome)
{
    if (state != ServiceState::Stopped || !lastOutcome)
        return stateLabel(state);
    switch (*lastOutcome) {
    case RunOutcome::Completed:
        return QObject::tr("Completed");
    case RunOutcome::Stopped:
        return stateLabel(state);
    case RunOutcome::Cancelled:
        return QObject::tr("Stopped (cancelled)");
    case RunOutcome::Faulted:
        return QObject::tr("Stopped (error while stopping)");
    case RunOutcome::TimedOut:
        return QObject::tr("Stopped (returned late)");
    }
    return stateLabel(state);
}

} // namespace workhost
