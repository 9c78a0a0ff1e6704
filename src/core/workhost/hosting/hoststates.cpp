#include <workhost/hosting/hoststates.h>

namespace workhost {

QString displayName(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Completed:
        return QStringLiteral("completed");
    case RunOutcome::Stopped:
        return QStringLiteral("stopped on request");
    case RunOutcome::Cancelled:
        return QStringLiteral("cancelled");
    case RunOutcome::Faulted:
        return QStringLiteral("faulted");
    case RunOutcome::TimedOut:
        return QStringLiteral("timed out");
    }
    return {};
}

} // namespace workhost
