#include <workhost/hosting/detail/statusbatches.h>

#include <workhost/hosting/detail/hostlink.h>
#include <workhost/hosting/detail/servicecontroller.h>

namespace workhost {

StatusBatches::StatusBatches(std::chrono::milliseconds interval,
                             const QList<ServiceController *> &controllers, HostLink &link)
    : m_interval(interval)
    , m_controllers(controllers)
    , m_link(link)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StatusBatches::publish);
}

StatusBatches::~StatusBatches() = default;

void StatusBatches::serviceChanged(ServiceController *controller)
{
    m_changed.insert(controller);
    if (!m_timer.isActive())
        m_timer.start(m_interval);
}

void StatusBatches::countersChanged()
{
    // They go out with the next batch, which re-arms the request.
    if (!m_timer.isActive())
        m_timer.start(m_interval);
}

void StatusBatches::publish()
{
    m_timer.stop();
    // Re-armed before the counters are read: see HostLink::requestStatus().
    m_link.takeStatusRequest();
    for (ServiceController *controller : m_controllers) {
        if (controller->takeCountersChanged())
            m_changed.insert(controller);
    }
    if (m_changed.isEmpty())
        return;
    QList<ServiceStatus> batch;
    for (ServiceController *controller : m_controllers) {
        if (m_changed.contains(controller))
            batch.append(controller->status());
    }
    m_changed.clear();
    Q_EMIT batchReady(batch);
}

void StatusBatches::forget(ServiceController *controller)
{
    m_changed.remove(controller);
}

} // namespace workhost
