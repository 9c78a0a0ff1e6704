#include <workhost/control/hosthealth.h>

#include <workhost/config/enumnames.h>

#include <QCborArray>

namespace workhost {

namespace {

bool isInTrouble(ServiceState state)
{
    return isFailure(state) || state == ServiceState::TimedOut || state == ServiceState::BackingOff;
}

QString describe(const ServiceStatus &status)
{
    if (!status.lastError.isEmpty())
        return status.lastError;
    switch (status.state) {
    case ServiceState::GaveUp:
        return QStringLiteral("gave up after too many restarts");
    case ServiceState::TimedOut:
        return QStringLiteral("did not stop by its deadline");
    case ServiceState::BackingOff:
        return QStringLiteral("waiting to restart");
    default:
        return QStringLiteral("faulted");
    }
}

} // namespace

QCborMap healthOf(HostState hostState, const QList<ServiceStatus> &statuses)
{
    QCborArray problems;
    for (const ServiceStatus &status : statuses) {
        if (!isInTrouble(status.state))
            continue;
        problems.append(QCborMap{{QStringLiteral("name"), status.name},
                                 {QStringLiteral("state"), configName(status.state)},
                                 {QStringLiteral("message"), describe(status)}});
    }
    const bool healthy = hostState == HostState::Running && problems.isEmpty();
    return QCborMap{{QStringLiteral("healthy"), healthy},
                    {QStringLiteral("hostState"), configName(hostState)},
                    {QStringLiteral("problems"), problems}};
}

} // namespace workhost
