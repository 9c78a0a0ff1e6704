#pragma once

#include <workhost/hosting/servicefailure.h>

#include <QList>

namespace workhost {

class ServiceController;

// A host's failures (internal to the host), as Host::failures() reports
// them: each failing service once, with its first failure, in the order they
// happened, collected like .NET's aggregated StopAsync errors.
//
// Owner: the Host (a member); used on the host's thread only.
class HostFailures
{
public:
    // A failure as it happens (a StopHost fault, an onStop() that threw
    // while the host stopped it); a service already listed keeps its first.
    void add(const ServiceFailure &failure);
    // Once the host has stopped: each service whose final state is a
    // failure (Faulted, GaveUp, TimedOut).
    void collectFinalStates(const QList<ServiceController *> &controllers);

    const QList<ServiceFailure> &list() const { return m_failures; }

private:
    QList<ServiceFailure> m_failures;
};

} // namespace workhost
