#include <workhost/control/remotehostsession.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/configurationcbor.h>
#include <workhost/control/controlclient.h>
#include <workhost/control/remotelog.h>
#include <workhost/control/remotelogsubscription.h>
#include <workhost/control/remotereplies.h>
#include <workhost/control/remoteshutdownprogress.h>
#include <workhost/control/servicestatuscbor.h>
#include <workhost/control/servicetransitioncbor.h>

#include <QCborArray>
#include <QFileInfo>

#include <utility>

namespace workhost {

Q_LOGGING_CATEGORY(remoteLog, "workhost.remote")

RemoteHostSession::RemoteHostSession(const QString &socketPath, ReconnectingClient::Backoff backoff,
                                     QObject *parent)
    : HostSession(parent)
    , m_link(socketPath, backoff)
    , m_backoff(backoff)
{
    connect(&m_link, &ReconnectingClient::attached, this, &RemoteHostSession::onAttached);
    connect(&m_link, &ReconnectingClient::detached, this, &RemoteHostSession::onDetached);
    connect(&m_link.client(), &ControlClient::replyReceived, this, &RemoteHostSession::onReply);
    connect(&m_link.client(), &ControlClient::eventReceived, this, &RemoteHostSession::onEvent);
    connect(&m_link.client(), &ControlClient::protocolError, this, [](const QString &message) {
        qCWarning(remoteLog, "the host's control socket: %s", qPrintable(message));
    });
    m_link.start();
}

RemoteHostSession::~RemoteHostSession()
{
    m_link.disconnect(this);
    m_link.client().disconnect(this);
}

QString RemoteHostSession::description() const
{
    if (!m_hello)
        return tr("attaching to the host at %1").arg(m_link.socketPath());
    if (m_hello->configPath.isEmpty())
        return tr("attached to a host without a configuration file, pid %1").arg(m_hello->hostPid);
    return tr("attached to the host of %1, pid %2")
        .arg(QFileInfo(m_hello->configPath).fileName())
        .arg(m_hello->hostPid);
}

std::optional<ServiceStatus> RemoteHostSession::status(const QString &worker) const
{
    for (const ServiceStatus &status : m_statuses)
        if (status.name == worker)
            return status;
    return std::nullopt;
}

QString RemoteHostSession::configurationPath() const
{
    if (!m_description.configurationPath().isEmpty())
        return m_description.configurationPath();
    return m_hello ? m_hello->configPath : QString();
}

std::unique_ptr<LogSubscription> RemoteHostSession::followLog(quint64 afterSequence)
{
    return std::make_unique<RemoteLogSubscription>(m_link.socketPath(), afterSequence, m_backoff);
}

void RemoteHostSession::doStartWorker(const QString &worker, CommandReply reply)
{
    sendForWorker(QStringLiteral("start"), worker, std::move(reply));
}

void RemoteHostSession::doStopWorker(const QString &worker, CommandReply reply)
{
    sendForWorker(QStringLiteral("stop"), worker, std::move(reply));
}

void RemoteHostSession::doRestartWorker(const QString &worker, CommandReply reply)
{
    sendForWorker(QStringLiteral("restart"), worker, std::move(reply));
}

void RemoteHostSession::doAddWorker(const WorkerConfig &worker, CommandReply reply)
{
    send(QStringLiteral("add"), QCborMap{{QStringLiteral("worker"), workerToCbor(worker)}},
         std::move(reply));
}

void RemoteHostSession::doRemoveWorker(const QString &worker, CommandReply reply)
{
    send(QStringLiteral("remove"), QCborMap{{QStringLiteral("name"), worker}}, std::move(reply));
}

void RemoteHostSession::doChangeWorkerSettings(const QString &worker, const QVariantMap &settings,
                                               CommandReply reply)
{
    send(QStringLiteral("settings"),
         QCborMap{{QStringLiteral("name"), worker},
                  {QStringLiteral("settings"), QCborMap::fromVariantMap(settings)}},
         std::move(reply));
}

void RemoteHostSession::doRunAction(const QString &worker, const QString &action, int count,
                                    CommandReply reply)
{
    send(QStringLiteral("action"),
         QCborMap{{QStringLiteral("name"), worker},
                  {QStringLiteral("action"), action},
                  {QStringLiteral("count"), count}},
         std::move(reply));
}

void RemoteHostSession::doSetLogLevel(const QString &logger, std::optional<LogLevel> level,
                                      CommandReply reply)
{
    send(QStringLiteral("logLevel"),
         QCborMap{{QStringLiteral("logger"), logger},
                  {QStringLiteral("level"),
                   level ? QCborValue(configName(*level)) : QCborValue(QCborValue::Null)}},
         std::move(reply));
}

void RemoteHostSession::doSaveConfiguration(CommandReply reply)
{
    send(QStringLiteral("save"), {}, std::move(reply));
}

void RemoteHostSession::doReloadConfiguration(CommandReply reply)
{
    send(QStringLiteral("reload"), {}, std::move(reply));
}

void RemoteHostSession::doStopHost(CommandReply reply)
{
    send(QStringLiteral("shutdown"), {}, std::move(reply));
}

void RemoteHostSession::send(const QString &method, const QCborMap &params, CommandReply reply)
{
    const qint64 id = m_link.client().request(method, params);
    if (id == 0) {
        reply.answer(CommandResult::unanswered(tr("not connected to the host")));
        return;
    }
    m_pending.emplace(id, PendingCommand{method, std::move(reply)});
}

void RemoteHostSession::sendForWorker(const QString &method, const QString &worker,
                                      CommandReply reply)
{
    send(method, QCborMap{{QStringLiteral("names"), QCborArray{worker}}}, std::move(reply));
}

void RemoteHostSession::onAttached(const ControlHello &hello)
{
    if (m_hello && m_hello->hostPid != hello.hostPid) { // another host
        m_stopAsked = false;
        m_shutdown.reset();
    }
    m_hello = hello;
    setConnection(Connection::Connecting);
    m_statusesRequest =
        m_link.client().request(QStringLiteral("subscribe"),
                                QCborMap{{QStringLiteral("stream"), QStringLiteral("statuses")}});
    m_describeRequest = 0;
    requestDescription(); // answered after the snapshot: requests are answered in order
}

void RemoteHostSession::onDetached()
{
    m_statusesRequest = 0;
    m_describeRequest = 0;
    m_describeAgain = false;
    // No reply will come on a new connection: every pending command is Unanswered.
    std::map<qint64, PendingCommand> pending;
    pending.swap(m_pending);
    for (auto &[id, command] : pending)
        command.reply.answer(CommandResult::unanswered(
            tr("the connection to the host was lost before it answered")));
    for (AnsweredCommand &command : std::exchange(m_answersAfterDescription, {}))
        command.reply.answer(command.result); // done, though configuration() may not show it
    setConnection(Connection::Disconnected);
    m_shutdown.freeze(); // what it last said, no longer moving on
    if (m_stopAsked)
        setHostState(HostState::Stopped);
}

void RemoteHostSession::onReply(const ControlReply &reply)
{
    if (reply.id != 0 && reply.id == m_statusesRequest) {
        if (reply.isError()) {
            qCWarning(remoteLog, "subscribing to the host's statuses: %s",
                      qPrintable(reply.error->message));
            m_link.client().disconnectFromHost(); // and retry
            return;
        }
        applySnapshot(reply.result.toMap().value(QStringLiteral("snapshot")).toMap());
        return;
    }
    if (reply.id != 0 && reply.id == m_describeRequest) {
        onDescription(reply);
        return;
    }
    const auto found = m_pending.find(reply.id);
    if (found == m_pending.end())
        return;
    PendingCommand command = std::move(found->second);
    m_pending.erase(found);
    const CommandResult result = commandResultOf(command.method, reply);
    if (result.ok() && command.method == QLatin1String("shutdown")) {
        m_stopAsked = true;
        setHostState(HostState::Stopping);
    }
    if (result.ok() && command.method == QLatin1String("reload"))
        removeWorkers(textList(reply.result.toMap().value(QStringLiteral("removed"))));
    if (result.ok() && changesConfiguration(command.method)) {
        // Answered once configuration() shows the change, as in-process.
        m_answersAfterDescription.push_back({std::move(command.reply), result});
        requestDescription();
        return;
    }
    command.reply.answer(result);
}

// One "describe" at a time; asked for during one, another follows it.
void RemoteHostSession::requestDescription()
{
    if (m_describeRequest != 0) {
        m_describeAgain = true;
        return;
    }
    m_describeRequest = m_link.client().request(QStringLiteral("describe"), {});
}

void RemoteHostSession::onDescription(const ControlReply &reply)
{
    m_describeRequest = 0;
    if (reply.isError()) // a host without it (an embedder's ControlServer): nothing to edit
        qCInfo(remoteLog, "the host does not describe itself: %s",
               qPrintable(reply.error->message));
    else
        m_description.apply(reply.result.toMap());
    Q_EMIT configurationChanged();
    setConnection(Connection::Connected);
    if (std::exchange(m_describeAgain, false)) {
        requestDescription();
        return;
    }
    for (AnsweredCommand &command : std::exchange(m_answersAfterDescription, {}))
        command.reply.answer(command.result);
}

void RemoteHostSession::onEvent(const ControlEvent &event)
{
    if (event.stream != QLatin1String("statuses"))
        return;
    const QCborMap payload = event.payload.toMap();
    const QString kind = payload.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("transition")) {
        const Parsed<ServiceTransition> transition = serviceTransitionFromCbor(payload);
        if (transition.ok())
            Q_EMIT workerStateChanged(*transition.value);
        else
            qCWarning(remoteLog, "a transition from the host: %s",
                      qPrintable(transition.error.toString()));
    } else if (kind == QLatin1String("statuses")) {
        rememberTypes(m_types, payload.value(kind).toArray());
        if (const auto changed = statusesFromCbor(payload.value(kind).toArray()))
            applyStatuses(*changed);
    } else if (!kind.isEmpty()) {
        applyHostEvent(kind, payload);
    } else if (payload.contains(QStringLiteral("dropped"))) {
        // Some statuses never came: a new snapshot says where every worker is.
        m_statusesRequest = m_link.client().request(
            QStringLiteral("subscribe"),
            QCborMap{{QStringLiteral("stream"), QStringLiteral("statuses")}});
    }
}

void RemoteHostSession::applySnapshot(const QCborMap &snapshot)
{
    const auto statuses = statusesFromCbor(snapshot.value(QStringLiteral("services")).toArray());
    const auto state =
        parseConfigName<HostState>(snapshot.value(QStringLiteral("hostState")).toString());
    if (!statuses || !state) {
        qCWarning(remoteLog, "the host's snapshot cannot be read");
        m_link.client().disconnectFromHost(); // and retry
        return;
    }
    QStringList gone = workerNames();
    for (const ServiceStatus &status : *statuses)
        gone.removeAll(status.name);
    removeWorkers(gone);
    rememberTypes(m_types, snapshot.value(QStringLiteral("services")).toArray());
    applyStatuses(*statuses);
    if (snapshot.contains(QStringLiteral("shutdown"))) // the host is stopping
        applyShutdown(snapshot.value(QStringLiteral("shutdown")));
    setHostState(*state);
    if (m_describeRequest == 0) // connected once described (see onDescription())
        setConnection(Connection::Connected);
}

// The "host", "added", "removed" and "shutdown" events; a kind this version
// does not know (a later host's) is left alone, as the protocol's Versioning
// says.
void RemoteHostSession::applyHostEvent(const QString &kind, const QCborMap &payload)
{
    if (kind == QLatin1String("host")) {
        const QString name = payload.value(QStringLiteral("state")).toString();
        const std::optional<HostState> state = parseConfigName<HostState>(name);
        if (!state) {
            qCWarning(remoteLog, "a host event: state \"%s\" is no host state", qPrintable(name));
            return;
        }
        m_stopAsked = m_stopAsked || *state == HostState::Stopping; // ends Stopped, see onDetached
        setHostState(*state);
    } else if (kind == QLatin1String("added")) {
        const QCborMap status = payload.value(QStringLiteral("status")).toMap();
        rememberTypes(m_types, QCborArray{status});
        if (const auto added = statusesFromCbor(QCborArray{status}))
            applyStatuses(*added);
    } else if (kind == QLatin1String("removed")) {
        removeWorkers({payload.value(QStringLiteral("service")).toString()});
    } else if (kind == QLatin1String("shutdown")) {
        applyShutdown(payload.value(QStringLiteral("progress")));
    }
}

void RemoteHostSession::applyShutdown(const QCborValue &progress)
{
    if (m_shutdown.apply(progress))
        Q_EMIT shutdownProgressChanged(m_shutdown.current());
}

void RemoteHostSession::applyStatuses(const QList<ServiceStatus> &changed)
{
    QStringList added;
    for (const ServiceStatus &status : changed) {
        const auto known =
            std::find_if(m_statuses.begin(), m_statuses.end(),
                         [&](const ServiceStatus &s) { return s.name == status.name; });
        if (known != m_statuses.end()) {
            *known = status;
        } else {
            m_statuses.append(status);
            added.append(status.name);
        }
    }
    for (const QString &name : added)
        Q_EMIT workerAdded(name);
    if (!added.isEmpty() && m_connection == Connection::Connected)
        requestDescription(); // its configuration and actions
    if (!changed.isEmpty())
        Q_EMIT statusesChanged(changed);
}

void RemoteHostSession::removeWorkers(const QStringList &names)
{
    for (const QString &name : names) {
        const auto removed =
            m_statuses.removeIf([&](const ServiceStatus &s) { return s.name == name; });
        m_types.remove(name);
        if (removed > 0)
            Q_EMIT workerRemoved(name);
        if (removed > 0 && m_connection == Connection::Connected)
            requestDescription();
    }
}

void RemoteHostSession::setConnection(Connection connection)
{
    if (connection == m_connection)
        return;
    m_connection = connection;
    Q_EMIT connectionChanged(connection);
}

void RemoteHostSession::setHostState(HostState state)
{
    if (state == m_hostState)
        return;
    m_hostState = state;
    Q_EMIT hostStateChanged(state);
}

} // namespace workhost
