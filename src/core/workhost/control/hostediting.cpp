#include <workhost/control/hostediting.h>

#include <workhost/config/enumnames.h>
#include <workhost/config/workerregistry.h>
#include <workhost/control/cborenumfield.h>
#include <workhost/control/cborfieldreader.h>
#include <workhost/control/configurationcbor.h>
#include <workhost/control/controlserver.h>
#include <workhost/control/serviceactioncbor.h>
#include <workhost/control/workertypecbor.h>
#include <workhost/session/hostsession.h>

#include <QCborArray>

#include <limits>

namespace workhost {

namespace {

// The session's answer, sent as the request's reply.
CommandReply replyTo(ControlServer &server, const DeferredReply &reply)
{
    return CommandReply(&server, [reply](const CommandResult &result) {
        if (result.ok())
            reply.send(
                ControlReply::success(0, QCborMap{{QStringLiteral("message"), result.message}}));
        else
            reply.send(ControlReply::failure(0, errorcode::refused, result.message));
    });
}

// False, with a `badParams` reply sent, when a field was wrong.
bool paramsRead(const CborFieldReader &reader, const DeferredReply &reply)
{
    if (!reader.error())
        return true;
    reply.send(ControlReply::failure(0, errorcode::badParams, reader.error()->toString()));
    return false;
}

QCborMap description(const HostSession &session)
{
    QCborArray types;
    for (const WorkerType &type : session.workerTypes().types())
        types.append(toCbor(type));
    QCborArray workers;
    for (const QString &name : session.workerNames()) {
        QCborArray actions;
        for (const ServiceAction &action : session.workerActions(name))
            actions.append(toCbor(action));
        workers.append(
            QCborMap{{QStringLiteral("name"), name}, {QStringLiteral("actions"), actions}});
    }
    return QCborMap{{QStringLiteral("configPath"), session.configurationPath()},
                    {QStringLiteral("configuration"), configurationToCbor(session.configuration())},
                    {QStringLiteral("types"), types},
                    {QStringLiteral("workers"), workers}};
}

void setWorkerMethods(ControlServer &server, HostSession &session)
{
    server.setDeferredMethod(
        QStringLiteral("add"), [&](const ControlRequest &request, DeferredReply reply) {
            QStringList errors;
            const std::optional<WorkerConfig> worker = workerFromCbor(
                request.params.value(QStringLiteral("worker")), session.workerTypes(), errors);
            if (!worker) {
                reply.send(
                    ControlReply::failure(0, errorcode::badParams, errors.join(QLatin1Char('\n'))));
                return;
            }
            session.addWorker(*worker, replyTo(server, reply));
        });
    server.setDeferredMethod(
        QStringLiteral("remove"), [&](const ControlRequest &request, DeferredReply reply) {
            CborFieldReader reader(request.params);
            const QString name = reader.text(QStringLiteral("name"), protocol::maxTextLength);
            if (paramsRead(reader, reply))
                session.removeWorker(name, replyTo(server, reply));
        });
    server.setDeferredMethod(
        QStringLiteral("settings"), [&](const ControlRequest &request, DeferredReply reply) {
            CborFieldReader reader(request.params);
            const QString name = reader.text(QStringLiteral("name"), protocol::maxTextLength);
            const QCborMap settings = reader.map(QStringLiteral("settings"));
            if (paramsRead(reader, reply))
                session.changeWorkerSettings(name, settings.toVariantMap(), replyTo(server, reply));
        });
    server.setDeferredMethod(
        QStringLiteral("action"), [&](const ControlRequest &request, DeferredReply reply) {
            CborFieldReader reader(request.params);
            const QString name = reader.text(QStringLiteral("name"), protocol::maxTextLength);
            const QString action = reader.text(QStringLiteral("action"), protocol::maxNameLength);
            const qint64 count =
                reader.integer(QStringLiteral("count"), std::numeric_limits<int>::min(),
                               std::numeric_limits<int>::max());
            if (paramsRead(reader, reply))
                session.runAction(name, action, int(count), replyTo(server, reply));
        });
}

void setHostMethods(ControlServer &server, HostSession &session)
{
    server.setMethod(QStringLiteral("describe"), [&](const ControlRequest &request) {
        return ControlReply::success(request.id, description(session));
    });
    server.setDeferredMethod(
        QStringLiteral("logLevel"), [&](const ControlRequest &request, DeferredReply reply) {
            CborFieldReader reader(request.params);
            const QString logger =
                reader.text(QStringLiteral("logger"), protocol::maxTextLength, /*optional=*/true);
            std::optional<LogLevel> level;
            if (!request.params.value(QStringLiteral("level")).isNull())
                level = readEnumField<LogLevel>(reader, QStringLiteral("level"), "log level");
            if (paramsRead(reader, reply))
                session.setLogLevel(logger, level, replyTo(server, reply));
        });
    server.setDeferredMethod(QStringLiteral("save"),
                             [&](const ControlRequest &, DeferredReply reply) {
                                 session.saveConfiguration(replyTo(server, reply));
                             });
}

} // namespace

void setEditingMethods(ControlServer &server, HostSession &session)
{
    setWorkerMethods(server, session);
    setHostMethods(server, session);
}

} // namespace workhost
