#include <workhost/session/hostsession.h>

namespace workhost {

HostSession::HostSession(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<CommandResult>();
}

HostSession::~HostSession() = default;

bool HostSession::hostIsUp() const
{
    const HostState state = hostState();
    return state == HostState::Starting || state == HostState::Running;
}

QStringList HostSession::workerNames() const
{
    QStringList names;
    for (const ServiceStatus &status : statuses())
        names << status.name;
    return names;
}

QString HostSession::workerType(const QString &worker) const
{
    for (const WorkerConfig &config : configuration().workers) {
        if (config.name == worker)
            return config.type;
    }
    return {};
}

bool HostSession::canSend(CommandReply &reply) const
{
    if (connection() == Connection::Connected)
        return true;
    reply.answer(CommandResult::unanswered(tr("not connected to the host")));
    return false;
}

bool HostSession::canSendFor(const QString &worker, CommandReply &reply) const
{
    if (!canSend(reply))
        return false;
    if (!worker.isEmpty())
        return true;
    reply.answer(CommandResult::refused(tr("no worker name given")));
    return false;
}

void HostSession::startWorker(const QString &worker, CommandReply reply)
{
    if (canSendFor(worker, reply))
        doStartWorker(worker, std::move(reply));
}

void HostSession::stopWorker(const QString &worker, CommandReply reply)
{
    if (canSendFor(worker, reply))
        doStopWorker(worker, std::move(reply));
}

void HostSession::restartWorker(const QString &worker, CommandReply reply)
{
    if (canSendFor(worker, reply))
        doRestartWorker(worker, std::move(reply));
}

void HostSession::addWorker(const WorkerConfig &worker, CommandReply reply)
{
    if (canSendFor(worker.name, reply))
        doAddWorker(worker, std::move(reply));
}

void HostSession::removeWorker(const QString &worker, CommandReply reply)
{
    if (canSendFor(worker, reply))
        doRemoveWorker(worker, std::move(reply));
}

void HostSession::changeWorkerSettings(const QString &worker, const QVariantMap &settings,
                                       CommandReply reply)
{
    if (canSendFor(worker, reply))
        doChangeWorkerSettings(worker, settings, std::move(reply));
}

void HostSession::runAction(const QString &worker, const QString &action, int count,
                            CommandReply reply)
{
    if (canSendFor(worker, reply))
        doRunAction(worker, action, count, std::move(reply));
}

void HostSession::setLogLevel(const QString &logger, std::optional<LogLevel> level,
                              CommandReply reply)
{
    if (canSend(reply))
        doSetLogLevel(logger, level, std::move(reply));
}

void HostSession::saveConfiguration(CommandReply reply)
{
    if (canSend(reply))
        doSaveConfiguration(std::move(reply));
}

void HostSession::reloadConfiguration(CommandReply reply)
{
    if (canSend(reply))
        doReloadConfiguration(std::move(reply));
}

void HostSession::stopHost(CommandReply reply)
{
    if (canSend(reply))
        doStopHost(std::move(reply));
}

} // namespace workhost
