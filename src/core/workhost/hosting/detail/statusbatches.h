#pragma once

#include <workhost/hosting/servicestatus.h>

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace workhost {

class HostLink;
class ServiceController;

// The host's status batches (internal to the host): snapshots of the
// services that changed, coalesced to at most one batch per `interval`, sent
// about one interval after the first change; the last values always go out.
// Counter updates from the services' threads reach it through the HostLink,
// whose request stays pending until the next batch (see
// HostLink::requestStatus()), so they wake the host's thread at most once
// per batch.
//
// Owner: the Host (a std::unique_ptr); lives on the host's thread, and every
// method is called there. It reads the host's controllers, in registration
// order, through the list it is given, which must outlive it.
//
// Emits batchReady() from publish(): on its timer, or when the host calls it.
class StatusBatches : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBatches)

public:
    StatusBatches(std::chrono::milliseconds interval, const QList<ServiceController *> &controllers,
                  HostLink &link);
    ~StatusBatches() override;

    // A controller's status may differ (a transition, new options).
    void serviceChanged(ServiceController *controller);
    // A service's counters changed (the link's request arrived).
    void countersChanged();
    // Sends what changed now, if anything.
    void publish();
    // The host removed this controller.
    void forget(ServiceController *controller);

Q_SIGNALS:
    void batchReady(const QList<workhost::ServiceStatus> &statuses);

private:
    const std::chrono::milliseconds m_interval;
    const QList<ServiceController *> &m_controllers;
    HostLink &m_link;
    QTimer m_timer;
    QSet<ServiceController *> m_changed; // since the last batch
};

} // namespace workhost
