#include <workhost/runtime/configurationreload.h>

#include <workhost/config/configloader.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/hoststates.h>
#include <workhost/runtime/hostassembly.h>

#include <QFileInfo>
#include <QTimer>

#include <spdlog/spdlog.h>

namespace workhost {

namespace {

constexpr std::chrono::milliseconds retryDelay{20};

} // namespace

ConfigurationReload::ConfigurationReload(Host &host, const WorkerRegistry &registry,
                                         const QString &path, const Configuration &applied,
                                         QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_registry(registry)
    // Absolute: a relative --config still names the same file after a chdir.
    , m_path(path.startsWith(QLatin1Char(':')) ? path : QFileInfo(path).absoluteFilePath())
    , m_applied(applied)
{
    connect(&host, &Host::serviceStateChanged, this, &ConfigurationReload::onTransition);
    connect(&host, &Host::stateChanged, this, [this](HostState state) {
        if (state == HostState::Running && m_deferred) {
            m_deferred = false;
            QTimer::singleShot(0, this, &ConfigurationReload::reload); // not inside the emission
        } else if (state == HostState::Stopping && m_inProgress) {
            abandon(QStringLiteral("the host is stopping"));
        }
    });
}

void ConfigurationReload::setApplied(const Configuration &applied)
{
    if (!m_inProgress)
        m_applied = applied;
}

void ConfigurationReload::reload()
{
    switch (m_host.state()) {
    case HostState::Created:
    case HostState::Starting:
        spdlog::info("reload: waiting for the host to be running");
        m_deferred = true;
        return;
    case HostState::Stopping:
    case HostState::Stopped:
        spdlog::info("reload: ignored, the host is stopping");
        return;
    case HostState::Running:
        break;
    }
    if (m_inProgress) {
        spdlog::info("reload: one is under way; this one follows it");
        m_again = true;
        return;
    }
    begin();
}

void ConfigurationReload::begin()
{
    Q_EMIT started();
    spdlog::info("reload: reading {}", qUtf8Printable(m_path));
    Configuration next;
    if (!readFile(next)) {
        Q_EMIT finished(false, QStringLiteral("the file has errors; nothing changed"));
        return;
    }
    const ReloadPlan plan = ReloadPlan::between(m_applied, m_host.serviceNames(), next);
    if (plan.hostSettingsChanged) {
        spdlog::warn("reload: the host and logging settings are not reloaded; the changed ones "
                     "take effect at the next start");
    }
    apply(plan, next);
}

// The file, checked; false (every problem logged, where and what) if it has errors.
bool ConfigurationReload::readFile(Configuration &next)
{
    const ConfigLoader::Result loaded = ConfigLoader(m_registry).loadFile(m_path);
    m_lastErrors.clear();
    for (const ConfigIssue &issue : loaded.issues) {
        const QString line =
            QStringLiteral("%1: %2: %3")
                .arg(loaded.source, issue.isError() ? "error" : "warning", issue.toString());
        if (issue.isError()) {
            m_lastErrors << line;
            spdlog::error("reload: {}", qUtf8Printable(line));
        } else {
            spdlog::warn("reload: {}", qUtf8Printable(line));
        }
    }
    if (!loaded.ok()) {
        spdlog::error("reload: {} has errors; nothing changed, every worker runs on as it was",
                      qUtf8Printable(loaded.source));
        return false;
    }
    next = loaded.config;
    return true;
}

void ConfigurationReload::apply(const ReloadPlan &plan, const Configuration &next)
{
    m_inProgress = true;
    m_plan = plan;
    m_next = next;
    m_awaitingRest.clear();
    for (const QString &name : plan.removed)
        m_awaitingRest.insert(name, std::nullopt);
    for (const WorkerConfig &worker : plan.changed)
        m_awaitingRest.insert(worker.name, worker);
    for (const QString &name : plan.removed)
        stopForReplacement(name);
    for (const WorkerConfig &worker : plan.changed)
        stopForReplacement(worker.name);
    for (const WorkerConfig &worker : plan.added) {
        spdlog::info("reload: adding {}", qUtf8Printable(worker.name));
        add(worker);
    }
    replaceWorkersAtRest();
}

void ConfigurationReload::add(const WorkerConfig &worker)
{
    const AddServiceResult<Service> added = addWorker(m_host, worker, m_registry);
    if (!added)
        spdlog::warn("reload: {} not added: {}", qUtf8Printable(worker.name),
                     qUtf8Printable(added.message()));
}

void ConfigurationReload::stopForReplacement(const QString &name)
{
    const std::optional<ServiceStatus> status = m_host.status(name);
    const bool changed = m_awaitingRest.value(name).has_value();
    spdlog::info("reload: {} {}", changed ? "replacing" : "removing", qUtf8Printable(name));
    if (status && hasRunInProgressOrPending(status->state))
        m_host.stopService(name); // its transitions tell when it is at rest
}

void ConfigurationReload::onTransition(const ServiceTransition &transition)
{
    if (!m_inProgress || !m_awaitingRest.contains(transition.service) ||
        hasRunInProgress(transition.to) || m_checkQueued) {
        return;
    }
    // The host is emitting: removeService() must wait for the next event.
    m_checkQueued = true;
    QTimer::singleShot(0, this, &ConfigurationReload::replaceWorkersAtRest);
}

// Removes every awaited worker now at rest, and adds back the changed ones.
void ConfigurationReload::replaceWorkersAtRest()
{
    m_checkQueued = false;
    if (!m_inProgress)
        return;
    const QStringList names = m_awaitingRest.keys();
    for (const QString &name : names) {
        const std::optional<ServiceStatus> status = m_host.status(name);
        if (status && !canBeRemoved(status->state, status->threadAlive))
            continue;
        if (status && !m_host.removeService(name)) {
            // Refused while the host emits (a stop ends the reload anyway): again shortly.
            if (!m_checkQueued) {
                m_checkQueued = true;
                QTimer::singleShot(retryDelay, this, &ConfigurationReload::replaceWorkersAtRest);
            }
            continue;
        }
        const std::optional<WorkerConfig> replacement = m_awaitingRest.take(name);
        if (replacement)
            add(*replacement);
    }
    if (m_awaitingRest.isEmpty())
        complete();
}

void ConfigurationReload::complete()
{
    m_inProgress = false;
    m_applied = m_next;
    const QString summary = m_plan.summary();
    spdlog::info("reload: {}", qUtf8Printable(summary));
    Q_EMIT finished(true, summary);
    if (m_again) {
        m_again = false;
        QTimer::singleShot(0, this, &ConfigurationReload::reload);
    }
}

void ConfigurationReload::abandon(const QString &why)
{
    m_inProgress = false;
    m_again = false;
    spdlog::warn("reload: not finished ({}): {} worker(s) left as they were", qUtf8Printable(why),
                 m_awaitingRest.size());
    m_awaitingRest.clear();
    Q_EMIT finished(false, QStringLiteral("not finished: ") + why);
}

} // namespace workhost
