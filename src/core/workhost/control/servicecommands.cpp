#include <workhost/control/servicecommands.h>

#include <workhost/config/enumnames.h>
#include <workhost/hosting/host.h>

#include <QCborArray>

namespace workhost {

namespace {

constexpr qsizetype maxNames = 1000;

struct Outcome
{
    bool ok = false;
    QString message;
};

// The names asked for, or the error that says which field is wrong.
Parsed<QStringList> namesAsked(const Host &host, const QCborMap &params)
{
    const QCborValue all = params.value(QStringLiteral("all"));
    const QCborValue names = params.value(QStringLiteral("names"));
    if (!all.isUndefined()) {
        if (all != QCborValue(true) || !names.isUndefined())
            return Parsed<QStringList>::failure(
                {QStringLiteral("all"), QStringLiteral("must be true, and without \"names\"")});
        return Parsed<QStringList>::success(host.serviceNames());
    }
    if (!names.isArray() || names.toArray().isEmpty() || names.toArray().size() > maxNames)
        return Parsed<QStringList>::failure(
            {QStringLiteral("names"),
             QStringLiteral("expected an array of 1 to %1 worker names (or \"all\": true)")
                 .arg(maxNames)});
    QStringList list;
    for (const QCborValue &name : names.toArray()) {
        if (!name.isString() || name.toString().isEmpty() ||
            name.toString().size() > protocol::maxTextLength)
            return Parsed<QStringList>::failure(
                {QStringLiteral("names"), QStringLiteral("every name must be a non-empty text")});
        list << name.toString();
    }
    return Parsed<QStringList>::success(list);
}

QString verb(ServiceCommand command)
{
    switch (command) {
    case ServiceCommand::Start:
        return QStringLiteral("started");
    case ServiceCommand::Stop:
        return QStringLiteral("stopping");
    case ServiceCommand::Restart:
        return QStringLiteral("restarting");
    }
    return {};
}

// Issues one command, and says what became of it.
Outcome issue(Host &host, ServiceCommand command, const QString &name)
{
    const std::optional<ServiceStatus> status = host.status(name);
    if (!status)
        return {false, QStringLiteral("no worker named %1").arg(name)};
    if (host.state() != HostState::Starting && host.state() != HostState::Running)
        return {false, QStringLiteral("the host is %1").arg(configName(host.state()))};
    const ServiceState state = status->state;
    if (command == ServiceCommand::Start && hasRunInProgress(state) &&
        state != ServiceState::Stopping)
        return {true, QStringLiteral("already %1").arg(configName(state))};
    if (command == ServiceCommand::Stop && !hasRunInProgressOrPending(state) &&
        state != ServiceState::TimedOut)
        return {true, QStringLiteral("already at rest (%1)").arg(configName(state))};
    bool issued = false;
    switch (command) {
    case ServiceCommand::Start:
        issued = host.startService(name);
        break;
    case ServiceCommand::Stop:
        issued = host.stopService(name);
        break;
    case ServiceCommand::Restart:
        issued = host.restartService(name);
        break;
    }
    if (issued)
        return {true, verb(command)};
    if (state == ServiceState::TimedOut)
        return {false, QStringLiteral("its last run has not returned yet (timed out)")};
    return {false, QStringLiteral("refused in state %1").arg(configName(state))};
}

} // namespace

ControlReply answerServiceCommand(Host &host, ServiceCommand command, const ControlRequest &request)
{
    const Parsed<QStringList> names = namesAsked(host, request.params);
    if (!names.ok())
        return ControlReply::failure(request.id, errorcode::badParams, names.error.toString());
    QCborArray results;
    for (const QString &name : *names.value) {
        const Outcome outcome = issue(host, command, name);
        results.append(QCborMap{{QStringLiteral("name"), name},
                                {QStringLiteral("ok"), outcome.ok},
                                {QStringLiteral("message"), outcome.message}});
    }
    return ControlReply::success(request.id, QCborMap{{QStringLiteral("results"), results}});
}

} // namespace workhost
