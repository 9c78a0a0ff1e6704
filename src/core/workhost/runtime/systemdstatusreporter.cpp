#include <workhost/runtime/systemdstatusreporter.h>

#include <workhost/hosting/host.h>
#include <workhost/platform/sdnotifyprotocol.h>
#include <workhost/platform/systemdnotifier.h>

#include <QTimer>

namespace workhost {

SystemdStatusReporter::SystemdStatusReporter(Host &host, SystemdNotifier &notifier,
                                             std::chrono::milliseconds statusInterval,
                                             QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_notifier(notifier)
    , m_statusTimer(new QTimer(this))
{
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(statusInterval);
    connect(m_statusTimer, &QTimer::timeout, this, &SystemdStatusReporter::sendStatusIfChanged);
    connect(&host, &Host::stateChanged, this, &SystemdStatusReporter::onHostState);
    // Transitions, additions and removals change the summary; counters do not.
    connect(&host, &Host::serviceStateChanged, this, &SystemdStatusReporter::scheduleStatus);
    connect(&host, &Host::serviceAdded, this, &SystemdStatusReporter::scheduleStatus);
    connect(&host, &Host::serviceRemoved, this, &SystemdStatusReporter::scheduleStatus);
}

QString SystemdStatusReporter::summary(HostState state, const QList<ServiceStatus> &statuses)
{
    qsizetype running = 0;
    qsizetype failing = 0;
    for (const ServiceStatus &status : statuses) {
        running += status.state == ServiceState::Running;
        failing += isFailure(status.state);
    }
    const QString workers = QStringLiteral("%1 of %2 worker%3")
                                .arg(running)
                                .arg(statuses.size())
                                .arg(statuses.size() == 1 ? QString() : QStringLiteral("s"));
    const QString failingText =
        failing > 0 ? QStringLiteral(", %1 failing").arg(failing) : QString();
    switch (state) {
    case HostState::Created:
    case HostState::Starting:
        return QStringLiteral("starting: ") + workers + QStringLiteral(" running") + failingText;
    case HostState::Running:
        return QStringLiteral("running ") + workers + failingText;
    case HostState::Stopping:
        return QStringLiteral("stopping: ") + workers + QStringLiteral(" still running");
    case HostState::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

void SystemdStatusReporter::reloadStarted()
{
    m_notifier.send(sdnotify::reloadingMessage(QStringLiteral("reloading the configuration")));
}

void SystemdStatusReporter::reloadFinished(const QString &outcome)
{
    if (m_host.state() != HostState::Running)
        return; // a stop ended it: STOPPING=1 said so, no READY=1 may follow
    m_lastStatus = summary(m_host.state(), m_host.statuses());
    m_notifier.send(sdnotify::readyMessage(m_lastStatus + QStringLiteral("; ") + outcome));
}

void SystemdStatusReporter::onHostState(HostState state)
{
    m_lastStatus = summary(state, m_host.statuses());
    if (state == HostState::Running)
        m_notifier.send(sdnotify::readyMessage(m_lastStatus));
    else if (state == HostState::Stopping)
        m_notifier.send(
            sdnotify::stoppingMessage(m_lastStatus, m_host.options().shutdownTimeout + stopMargin));
}

void SystemdStatusReporter::scheduleStatus()
{
    // The first change in a quiet period goes out one interval later, with
    // whatever followed it: a storm of transitions is one STATUS a second.
    if (!m_statusTimer->isActive())
        m_statusTimer->start();
}

void SystemdStatusReporter::sendStatusIfChanged()
{
    const HostState state = m_host.state();
    if (state != HostState::Running && state != HostState::Stopping)
        return; // READY=1 carries the first; nothing after Stopped
    const QString status = summary(state, m_host.statuses());
    if (status == m_lastStatus)
        return;
    m_lastStatus = status;
    m_notifier.send(sdnotify::statusMessage(status));
}

} // namespace workhost
