#include <workhost/hosting/detail/hostfailures.h>

#include <workhost/hosting/detail/servicecontroller.h>

#include <algorithm>
#include <optional>

namespace workhost {

namespace {

// The failure a service's final state is, if any.
std::optional<FailureKind> failureOf(ServiceState state)
{
    switch (state) {
    case ServiceState::Faulted:
        return FailureKind::Faulted;
    case ServiceState::GaveUp:
        return FailureKind::GaveUp;
    case ServiceState::TimedOut:
        return FailureKind::TimedOut;
    default:
        return std::nullopt;
    }
}

} // namespace

void HostFailures::add(const ServiceFailure &failure)
{
    // A StopHost fault is reported when it happens and the service then ends
    // Faulted: one failing service, one failure.
    const bool listed =
        std::any_of(m_failures.cbegin(), m_failures.cend(),
                    [&](const ServiceFailure &f) { return f.service == failure.service; });
    if (!listed)
        m_failures.append(failure);
}

void HostFailures::collectFinalStates(const QList<ServiceController *> &controllers)
{
    for (const ServiceController *controller : controllers) {
        const std::optional<FailureKind> kind = failureOf(controller->state());
        if (!kind)
            continue;
        // A timed-out run has no error of its own (lastError is an older fault's).
        const QString error =
            *kind == FailureKind::TimedOut ? QString() : controller->status().lastError;
        add({controller->name(), *kind, error});
    }
}

} // namespace workhost
