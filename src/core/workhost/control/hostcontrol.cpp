#include <workhost/control/hostcontrol.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/controlserver.h>
#include <workhost/control/hostediting.h>
#include <workhost/control/hosthealth.h>
#include <workhost/control/reloadrequests.h>
#include <workhost/control/servicecommands.h>
#include <workhost/control/statusdetails.h>
#include <workhost/hosting/host.h>

#include <QCborArray>
#include <QTimer>

#include <spdlog/spdlog.h>

namespace workhost {

namespace {

// The server's options, with the setup's worker types for the "statuses" stream.
ControlServerOptions serverOptions(const HostControlSetup &setup)
{
    ControlServerOptions options = setup.server;
    if (!options.workerType)
        options.workerType = setup.workerType;
    return options;
}

} // namespace

HostControl::HostControl(Host &host, HostControlSetup setup, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_setup(std::move(setup))
    , m_server(new ControlServer(host, serverOptions(m_setup), this))
    , m_reloads(new ReloadRequests(host, m_setup.reload, this))
{
    setMethods();
}

// The server first: its clients' pending reload replies go with their connections.
HostControl::~HostControl()
{
    delete m_server;
}

bool HostControl::listen(const QString &socketPath)
{
    return m_server->listen(socketPath);
}

QString HostControl::errorString() const
{
    return m_server->errorString();
}

void HostControl::setMethods()
{
    m_server->setMethod(QStringLiteral("status"), [this](const ControlRequest &request) {
        QCborArray services;
        for (const ServiceStatus &status : m_host.statuses())
            services.append(detailedStatus(
                status, m_setup.workerType ? m_setup.workerType(status.name) : QString(),
                m_memory));
        return ControlReply::success(
            request.id, QCborMap{{QStringLiteral("hostState"), configName(m_host.state())},
                                 {QStringLiteral("services"), services}});
    });
    const auto command = [this](ServiceCommand which) {
        return [this, which](const ControlRequest &request) {
            return answerServiceCommand(m_host, which, request);
        };
    };
    m_server->setMethod(QStringLiteral("start"), command(ServiceCommand::Start));
    m_server->setMethod(QStringLiteral("stop"), command(ServiceCommand::Stop));
    m_server->setMethod(QStringLiteral("restart"), command(ServiceCommand::Restart));
    m_server->setDeferredMethod(QStringLiteral("reload"),
                                [this](const ControlRequest &request, DeferredReply reply) {
                                    m_reloads->answer(request, reply);
                                });
    m_server->setMethod(QStringLiteral("health"), [this](const ControlRequest &request) {
        return ControlReply::success(request.id, healthOf(m_host.state(), m_host.statuses()));
    });
    m_server->setMethod(QStringLiteral("shutdown"), [this](const ControlRequest &request) {
        const QString state = configName(m_host.state());
        if (!m_shutdownAsked && m_setup.shutdown) {
            m_shutdownAsked = true;
            spdlog::info("control socket: shutdown requested; stopping gracefully");
            // After this reply is queued: the stop may close the window's dialogs' loops.
            QTimer::singleShot(0, this, [this] { m_setup.shutdown(); });
        }
        return ControlReply::success(request.id, QCborMap{{QStringLiteral("state"), state}});
    });
    if (m_setup.session)
        setEditingMethods(*m_server, *m_setup.session);
}

} // namespace workhost
