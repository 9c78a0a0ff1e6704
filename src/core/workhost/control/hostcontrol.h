#pragma once

#include <workhost/control/controlserveroptions.h>
#include <workhost/control/processmemorycache.h>

#include <QObject>

#include <functional>

namespace workhost {

class ConfigurationReload;
class ControlServer;
class Host;
class HostSession;
class ReloadRequests;

// What a HostControl needs from the process that runs the host. A value.
struct HostControlSetup
{
    ControlServerOptions server;
    // The host's ConfigurationReload (headless); none: "reload" is unavailable.
    ConfigurationReload *reload = nullptr;
    // Stops the host gracefully, as SIGTERM does (headless: Host::stop();
    // a window: closes it, behind its shutdown dialog). Called from the event
    // loop after the "shutdown" reply is queued, never inside a request.
    std::function<void()> shutdown;
    // The configuration's worker type of a service ("command"), or empty: the
    // `type` of "status" and of the "statuses" stream (unless server.workerType
    // is set).
    std::function<QString(const QString &name)> workerType;
    // The host's in-process session, for the methods that read and edit the
    // host as a window does (hostediting.h: describe, add, remove, settings,
    // action, logLevel, save); none: those methods are unknown.
    HostSession *session = nullptr;
};

// A real host's control socket: a ControlServer with every method of
// docs/PROTOCOL.md set: "status" (with each service's type and memory),
// "start", "stop", "restart" (servicecommands.h), "reload" (ReloadRequests),
// "shutdown" and "health" (hosthealth.h), besides the server's "subscribe";
// with a session, those of hostediting.h too.
//
//   HostControl control(host, {.server = {.configPath = path, .liveLog = sink},
//                              .reload = &reload, .shutdown = [&] { host.stop(); }});
//   if (!control.listen(runtimeDirectory.socketPath(path))) ... control.errorString() ...
//
// Owner: whoever owns the host (main()), on the host's thread. Destroy it
// before the host, and before the ConfigurationReload it was given.
class HostControl : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostControl)

public:
    HostControl(Host &host, HostControlSetup setup, QObject *parent = nullptr);
    ~HostControl() override;

    // See ControlServer::listen(): take the configuration's lock first.
    bool listen(const QString &socketPath);
    QString errorString() const;
    ControlServer &server() const { return *m_server; }

private:
    void setMethods();

    Host &m_host;
    const HostControlSetup m_setup;
    ControlServer *m_server;
    ReloadRequests *m_reloads;
    ProcessMemoryCache m_memory; // for "status"
    bool m_shutdownAsked = false;
};

} // namespace workhost
