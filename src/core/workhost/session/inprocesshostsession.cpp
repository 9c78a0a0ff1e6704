#include <workhost/session/inprocesshostsession.h>

#include <workhost/config/configurationdocument.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/service.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/runtime/configurationreload.h>
#include <workhost/runtime/hostassembly.h>
#include <workhost/session/livelogsubscription.h>

#include <utility>

namespace workhost {

namespace {

const WorkerRegistry &noTypes()
{
    static const WorkerRegistry none;
    return none;
}

const Configuration &noConfiguration()
{
    static const Configuration none;
    return none;
}

CommandResult resultOf(bool done, const QString &refusal)
{
    return done ? CommandResult::done() : CommandResult::refused(refusal);
}

} // namespace

InProcessHostSession::InProcessHostSession(Parts parts, QObject *parent)
    : HostSession(parent)
    , m_host(parts.host)
    , m_registry(parts.registry)
    , m_document(parts.document)
    , m_logging(parts.logging)
{
    connectHost();
    if (m_registry && m_document) {
        m_reload = std::make_unique<ConfigurationReload>(m_host, *m_registry, m_document->path(),
                                                         m_document->configuration());
        connect(m_reload.get(), &ConfigurationReload::started, this,
                &InProcessHostSession::onReloadStarted);
        connect(m_reload.get(), &ConfigurationReload::finished, this,
                &InProcessHostSession::onReloadFinished);
    }
}

// Replies still waiting for a reload answer Unanswered.
InProcessHostSession::~InProcessHostSession() = default;

void InProcessHostSession::connectHost()
{
    connect(&m_host, &Host::stateChanged, this, &HostSession::hostStateChanged);
    connect(&m_host, &Host::serviceAdded, this, &HostSession::workerAdded);
    connect(&m_host, &Host::serviceRemoved, this, &HostSession::workerRemoved);
    connect(&m_host, &Host::serviceStateChanged, this, &HostSession::workerStateChanged);
    connect(&m_host, &Host::statusesChanged, this, &HostSession::statusesChanged);
    connect(&m_host, &Host::shutdownProgressChanged, this, &HostSession::shutdownProgressChanged);
    // A reload asked for before the host ran never begins once it stops.
    connect(&m_host, &Host::stateChanged, this, [this](HostState state) {
        if (state != HostState::Stopping)
            return;
        for (CommandReply &reply : std::exchange(m_waitingReloadReplies, {}))
            reply.answer(CommandResult::refused(tr("the host is stopping")));
    });
}

HostState InProcessHostSession::hostState() const
{
    return m_host.state();
}

QList<ServiceStatus> InProcessHostSession::statuses() const
{
    return m_host.statuses();
}

std::optional<ServiceStatus> InProcessHostSession::status(const QString &worker) const
{
    return m_host.status(worker);
}

std::optional<ServiceOptions> InProcessHostSession::workerOptions(const QString &worker) const
{
    return m_host.serviceOptions(worker);
}

QList<ServiceAction> InProcessHostSession::workerActions(const QString &worker) const
{
    const Service *service = m_host.service(worker);
    return service ? service->actions() : QList<ServiceAction>();
}

ShutdownProgress InProcessHostSession::shutdownProgress() const
{
    return m_host.shutdownProgress();
}

const WorkerRegistry &InProcessHostSession::workerTypes() const
{
    return m_registry ? *m_registry : noTypes();
}

const Configuration &InProcessHostSession::configuration() const
{
    return m_document ? m_document->configuration() : noConfiguration();
}

QString InProcessHostSession::configurationPath() const
{
    return m_document ? m_document->path() : QString();
}

std::unique_ptr<LogSubscription> InProcessHostSession::followLog(quint64 afterSequence)
{
    std::shared_ptr<LiveLogSink> sink = m_logging ? m_logging->liveSink() : nullptr;
    if (!sink)
        sink = std::make_shared<LiveLogSink>(); // an empty log, which stays empty
    return std::make_unique<LiveLogSubscription>(std::move(sink), afterSequence);
}

QString InProcessHostSession::refusal(const QString &worker, const QString &verb) const
{
    const std::optional<ServiceStatus> status = m_host.status(worker);
    if (!status)
        return tr("there is no worker named %1").arg(worker);
    if (!hostIsUp())
        return tr("the host is %1: it starts and stops no worker").arg(enumName(m_host.state()));
    return tr("%1 is %2: nothing to %3").arg(worker, enumName(status->state), verb);
}

void InProcessHostSession::doStartWorker(const QString &worker, CommandReply reply)
{
    reply.answer(resultOf(m_host.startService(worker), refusal(worker, tr("start"))));
}

void InProcessHostSession::doStopWorker(const QString &worker, CommandReply reply)
{
    reply.answer(resultOf(m_host.stopService(worker), refusal(worker, tr("stop"))));
}

void InProcessHostSession::doRestartWorker(const QString &worker, CommandReply reply)
{
    reply.answer(resultOf(m_host.restartService(worker), refusal(worker, tr("restart"))));
}

void InProcessHostSession::doAddWorker(const WorkerConfig &worker, CommandReply reply)
{
    if (!m_registry) {
        reply.answer(CommandResult::refused(tr("this session knows no worker types")));
        return;
    }
    if (const QString why = editRefusal(); !why.isEmpty()) {
        reply.answer(CommandResult::refused(why));
        return;
    }
    const AddServiceResult<Service> added = workhost::addWorker(m_host, worker, *m_registry);
    if (!added) {
        reply.answer(CommandResult::refused(added.message()));
        return;
    }
    if (m_document) {
        m_document->addWorker(worker);
        documentEdited();
    }
    reply.answer(CommandResult::done());
}

void InProcessHostSession::doRemoveWorker(const QString &worker, CommandReply reply)
{
    if (const QString why = editRefusal(); !why.isEmpty()) {
        reply.answer(CommandResult::refused(why));
        return;
    }
    if (!m_host.removeService(worker)) {
        reply.answer(CommandResult::refused(m_host.contains(worker)
                                                ? tr("stop %1 first").arg(worker)
                                                : tr("there is no worker named %1").arg(worker)));
        return;
    }
    if (m_document) {
        m_document->removeWorker(worker);
        documentEdited();
    }
    reply.answer(CommandResult::done());
}

QString InProcessHostSession::changeRefusal(const QString &worker,
                                            const QVariantMap &settings) const
{
    if (!m_registry || !m_document)
        return tr("this session cannot change workers (no worker types or no configuration)");
    if (const QString why = editRefusal(); !why.isEmpty())
        return why;
    const std::optional<WorkerConfig> config = m_document->worker(worker);
    const std::optional<ServiceStatus> status = m_host.status(worker);
    if (!config || !status)
        return tr("there is no worker named %1").arg(worker);
    if (!canBeRemoved(status->state, status->threadAlive))
        return tr("stop %1 first").arg(worker);
    const WorkerType *type = m_registry->find(config->type);
    if (!type)
        return tr("%1's type %2 is unknown").arg(worker, config->type);
    ConfigIssues issues;
    m_registry->checkSettings(*type, settings, worker, issues);
    QStringList errors;
    for (const ConfigIssue &issue : issues) {
        if (issue.isError())
            errors << issue.toString();
    }
    return errors.join(QStringLiteral("; "));
}

void InProcessHostSession::doChangeWorkerSettings(const QString &worker,
                                                  const QVariantMap &settings, CommandReply reply)
{
    if (const QString why = changeRefusal(worker, settings); !why.isEmpty()) {
        reply.answer(CommandResult::refused(why));
        return;
    }
    WorkerConfig changed = *m_document->worker(worker);
    ConfigIssues issues;
    changed.settings =
        m_registry->checkSettings(*m_registry->find(changed.type), settings, worker, issues);
    m_host.removeService(worker); // cannot refuse: changeRefusal() checked it is at rest
    const AddServiceResult<Service> added = workhost::addWorker(m_host, changed, *m_registry);
    m_document->removeWorker(worker);
    if (added)
        m_document->addWorker(changed);
    documentEdited();
    reply.answer(added
                     ? CommandResult::done()
                     : CommandResult::refused(tr("%1 was removed but could not be added again: %2")
                                                  .arg(worker, added.message())));
}

void InProcessHostSession::doRunAction(const QString &worker, const QString &action, int count,
                                       CommandReply reply)
{
    Service *service = m_host.service(worker);
    if (!service) {
        reply.answer(CommandResult::refused(tr("there is no worker named %1").arg(worker)));
        return;
    }
    // On this (the GUI) thread, as Service::runAction() allows.
    const ActionResult result = service->runAction(action, count);
    reply.answer(result.done ? CommandResult::done(result.message)
                             : CommandResult::refused(result.message));
}

void InProcessHostSession::doSetLogLevel(const QString &logger, std::optional<LogLevel> level,
                                         CommandReply reply)
{
    if (!m_logging) {
        reply.answer(CommandResult::refused(tr("this session has no log pipeline")));
        return;
    }
    if (!logger.isEmpty()) {
        m_logging->setServiceLevel(logger, level);
    } else if (level) {
        m_logging->setLevel(*level);
    } else {
        reply.answer(CommandResult::refused(tr("the global log level needs a level")));
        return;
    }
    reply.answer(CommandResult::done());
}

void InProcessHostSession::doSaveConfiguration(CommandReply reply)
{
    if (!m_document) {
        reply.answer(CommandResult::refused(tr("this session has no configuration to save")));
        return;
    }
    const QString error = m_document->save();
    reply.answer(error.isEmpty()
                     ? CommandResult::done(tr("Configuration saved to %1").arg(m_document->path()))
                     : CommandResult::refused(error));
}

void InProcessHostSession::doReloadConfiguration(CommandReply reply)
{
    if (!m_reload) {
        reply.answer(CommandResult::refused(tr("this session has no configuration file to read")));
        return;
    }
    if (m_host.state() == HostState::Stopping || m_host.state() == HostState::Stopped) {
        reply.answer(CommandResult::refused(tr("the host is %1").arg(enumName(m_host.state()))));
        return;
    }
    m_waitingReloadReplies.push_back(std::move(reply));
    m_reload->reload(); // may begin, and even finish, before it returns
}

QString InProcessHostSession::editRefusal() const
{
    if (m_reload && m_reload->inProgress())
        return tr("a reload of the configuration is under way; try again once it has finished");
    return {};
}

void InProcessHostSession::documentEdited()
{
    if (m_reload)
        m_reload->setApplied(m_document->configuration());
    Q_EMIT configurationChanged();
}

// Those asked before this reload began see the file as it is now.
void InProcessHostSession::onReloadStarted()
{
    for (CommandReply &reply : std::exchange(m_waitingReloadReplies, {}))
        m_reloadReplies.push_back(std::move(reply));
}

void InProcessHostSession::onReloadFinished(bool changed, const QString &summary)
{
    if (changed) {
        *m_document = ConfigurationDocument(m_reload->applied(), m_document->path());
        Q_EMIT configurationChanged();
    }
    for (CommandReply &reply : std::exchange(m_reloadReplies, {}))
        reply.answer(changed ? CommandResult::done(summary) : CommandResult::refused(summary));
}

void InProcessHostSession::doStopHost(CommandReply reply)
{
    m_host.stop();
    reply.answer(CommandResult::done());
}

} // namespace workhost
