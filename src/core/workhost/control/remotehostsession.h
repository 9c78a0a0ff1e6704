#pragma once

#include <workhost/config/configuration.h>
#include <workhost/control/hostdescription.h>
#include <workhost/control/protocolmessages.h>
#include <workhost/control/reconnectingclient.h>
#include <workhost/control/remoteshutdownprogress.h>
#include <workhost/session/hostsession.h>

#include <QHash>

#include <map>
#include <optional>
#include <vector>

class QCborValue;

namespace workhost {

// A HostSession over a running host's control socket (docs/PROTOCOL.md):
// what the window uses when it attaches to a host in another process.
//
//   RemoteHostSession session(runtimeDirectory.socketPath(configPath));
//   MainWindow window(session);
//
// - Connection: Connecting until the first snapshot, Connected, then
//   Disconnected when the connection is lost, while it retries (0.2 s
//   doubling to 2 s); Connecting again once a host says hello.
// - State: `subscribe {stream: "statuses"}` after each hello; its snapshot is
//   statuses() and hostState() (workers that appeared or went since are
//   workerAdded/Removed); its events are hostStateChanged() ("host"),
//   workerAdded() then statusesChanged() ("added"), workerRemoved()
//   ("removed"), workerStateChanged() and statusesChanged(), in the host's
//   order. The state is also Stopping once stopHost() was answered, and
//   Stopped when a stopping host's connection ends before it said so.
// - Shutdown: shutdownProgressChanged() per "shutdown" event (and for a
//   snapshot taken while the host stops); shutdownProgress() is the last
//   one, its times moved on locally until the next (RemoteShutdownProgress).
// - workerType(): the `type` the host sends with each status (kept until the
//   worker is removed).
// - Description: `describe` after each snapshot, and again when workers come
//   or go: workerTypes() (schemas, no factories), configuration(),
//   configurationPath(), workerActions(); configurationChanged() after each.
//   Connected once the first one is in.
// - Commands: every command is a request (start, stop, restart, add, remove,
//   settings, action, logLevel, save, reload, shutdown), answered from its
//   reply; one that changes the configuration answers once the description
//   that follows it is in. A lost connection answers every pending one
//   Unanswered.
// - followLog(): a RemoteLogSubscription, with its own connection.
//
// Owner: whoever builds the window (main(), a test); it must outlive the
// window. GUI thread, like every HostSession.
class RemoteHostSession final : public HostSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteHostSession)

public:
    explicit RemoteHostSession(const QString &socketPath, ReconnectingClient::Backoff backoff = {},
                               QObject *parent = nullptr);
    ~RemoteHostSession() override;

    Connection connection() const override { return m_connection; }
    QString description() const override;
    bool isAttached() const override { return true; }
    HostState hostState() const override { return m_hostState; }
    QList<ServiceStatus> statuses() const override { return m_statuses; }
    std::optional<ServiceStatus> status(const QString &worker) const override;
    std::optional<ServiceOptions> workerOptions(const QString &worker) const override
    {
        return m_description.options(worker);
    }
    QList<ServiceAction> workerActions(const QString &worker) const override
    {
        return m_description.actions(worker);
    }
    ShutdownProgress shutdownProgress() const override { return m_shutdown.current(); }
    const WorkerRegistry &workerTypes() const override { return m_description.workerTypes(); }
    const Configuration &configuration() const override { return m_description.configuration(); }
    QString workerType(const QString &worker) const override { return m_types.value(worker); }
    QString configurationPath() const override;
    std::unique_ptr<LogSubscription> followLog(quint64 afterSequence = 0) override;

protected:
    void doStartWorker(const QString &worker, CommandReply reply) override;
    void doStopWorker(const QString &worker, CommandReply reply) override;
    void doRestartWorker(const QString &worker, CommandReply reply) override;
    void doAddWorker(const WorkerConfig &worker, CommandReply reply) override;
    void doRemoveWorker(const QString &worker, CommandReply reply) override;
    void doChangeWorkerSettings(const QString &worker, const QVariantMap &settings,
                                CommandReply reply) override;
    void doRunAction(const QString &worker, const QString &action, int count,
                     CommandReply reply) override;
    void doSetLogLevel(const QString &logger, std::optional<LogLevel> level,
                       CommandReply reply) override;
    void doSaveConfiguration(CommandReply reply) override;
    void doReloadConfiguration(CommandReply reply) override;
    void doStopHost(CommandReply reply) override;

private:
    struct PendingCommand
    {
        QString method;
        CommandReply reply;
    };

    // A command done, whose answer waits for the description it changed.
    struct AnsweredCommand
    {
        CommandReply reply;
        CommandResult result;
    };

    void requestDescription();
    void onDescription(const ControlReply &reply);
    void send(const QString &method, const QCborMap &params, CommandReply reply);
    void sendForWorker(const QString &method, const QString &worker, CommandReply reply);
    void onAttached(const ControlHello &hello);
    void onDetached();
    void onReply(const ControlReply &reply);
    void onEvent(const ControlEvent &event);
    void applySnapshot(const QCborMap &snapshot);
    void applyHostEvent(const QString &kind, const QCborMap &payload);
    void applyShutdown(const QCborValue &progress);
    void applyStatuses(const QList<ServiceStatus> &changed);
    void removeWorkers(const QStringList &names);
    void setConnection(Connection connection);
    void setHostState(HostState state);

    ReconnectingClient m_link;
    const ReconnectingClient::Backoff m_backoff;
    Connection m_connection = Connection::Connecting;
    std::optional<ControlHello> m_hello;
    HostState m_hostState = HostState::Created;
    QList<ServiceStatus> m_statuses; // registration order
    QHash<QString, QString> m_types; // worker -> the `type` its statuses carry
    qint64 m_statusesRequest = 0;    // the subscribe whose reply brings the snapshot
    bool m_stopAsked = false; // this host said it stops (stopHost() answered, or "host" event)
    std::map<qint64, PendingCommand> m_pending;
    HostDescription m_description; // from the last "describe"
    qint64 m_describeRequest = 0;  // the "describe" under way
    bool m_describeAgain = false;  // asked for during it
    std::vector<AnsweredCommand> m_answersAfterDescription;
    RemoteShutdownProgress m_shutdown; // from the "shutdown" events (and a snapshot's)
};

} // namespace workhost
