#pragma once

// The HostSession a GUI test shows its host through: the one place where the
// window's tests pick an implementation. sessionOver(): a Host in this
// process (InProcessHostSession, main()'s window). AttachedSession: the same
// Host behind a HostControl on a control socket in a temporary runtime
// directory, and a RemoteHostSession on it (the window `workhost --attach`
// opens), so that the window's tests run against both. Linking the remote
// one needs workhost_control.

#include <workhost/session/inprocesshostsession.h>

#ifdef WORKHOST_TEST_REMOTE_SESSIONS
#include <workhost/control/controlserver.h>
#include <workhost/control/hostcontrol.h>
#include <workhost/control/remotehostsession.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>

#include <QTemporaryDir>
#endif

#include <memory>

namespace workhost::test {

inline std::unique_ptr<HostSession> sessionOver(InProcessHostSession::Parts parts)
{
    return std::make_unique<InProcessHostSession>(parts);
}

#ifdef WORKHOST_TEST_REMOTE_SESSIONS
// A host "in another process", as far as the window can tell: its socket is
// all the session knows. A shutdown asked over the socket stops the host,
// and once it is Stopped the socket closes, as a daemon's process ends.
// Owner: the test, on the GUI thread; destroy it before the host.
class AttachedSession
{
public:
    // `editing`: the host's in-process session, through which the socket's
    // edits reach it (as `workhost` gives its own); none: the host cannot
    // be edited over the socket.
    AttachedSession(Host &host, LogPipeline &logging, InProcessHostSession *editing = nullptr)
        : m_directory(RuntimeDirectory::prepare(m_temp.filePath("runtime")))
        , m_socketPath(m_directory.socketPath(m_temp.filePath("workhost.json")))
        , m_control(host,
                    HostControlSetup{.server = {.configPath = m_temp.filePath("workhost.json"),
                                                .liveLog = logging.liveSink()},
                                     .reload = editing ? editing->configurationReload() : nullptr,
                                     .shutdown = [&host] { host.stop(); },
                                     .workerType = {},
                                     .session = editing})
    {
        QObject::connect(&host, &Host::stateChanged, &m_control, [this](HostState state) {
            if (state == HostState::Stopped)
                m_control.server().close();
        });
        m_listening = m_control.listen(m_socketPath);
        session = std::make_unique<RemoteHostSession>(
            m_socketPath, ReconnectingClient::Backoff{std::chrono::milliseconds(20),
                                                      std::chrono::milliseconds(200)});
    }

    bool isListening() const { return m_listening; }
    // Every connection ends (the window sees its host go); relisten() is the
    // same host answering again.
    void dropClients() { m_control.server().close(); }
    bool relisten() { return m_control.server().listen(m_socketPath); }

    std::unique_ptr<RemoteHostSession> session;

private:
    QTemporaryDir m_temp;
    const RuntimeDirectory m_directory;
    const QString m_socketPath;
    HostControl m_control;
    bool m_listening = false;
};
#endif

} // namespace workhost::test
