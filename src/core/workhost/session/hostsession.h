#pragma once

#include <workhost/config/configuration.h>
#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/serviceaction.h>
#include <workhost/hosting/serviceoptions.h>
#include <workhost/hosting/servicestatus.h>
#include <workhost/hosting/shutdownprogress.h>
#include <workhost/logging/loglevel.h>
#include <workhost/session/commandreply.h>

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace workhost {

class LogSubscription;
class WorkerRegistry;

// What the window knows of a host, in values, and what it may ask of it: the
// one interface between the window and a host, wherever the host runs.
// InProcessHostSession is a Host in this process (the default);
// a remote session will speak to a host's control socket (docs/PROTOCOL.md).
//
//     InProcessHostSession session({.host = *host, .registry = &registry,
//                                   .document = &document, .logging = &logging});
//     MainWindow window(session);
//     session.stopWorker("mailer", CommandReply(&window, [](const CommandResult &r) { ... }));
//
// State, as values: the host's state, one ServiceStatus per worker
// (statuses(): a snapshot in registration order; then statusesChanged()
// batches, coalesced by the host), every transition (workerStateChanged(), in
// order, never coalesced), the shutdown's progress, the worker types with
// their settings schemas, the configuration, and the log (followLog(): from a
// sequence number on). The getters answer from what the session holds now;
// they never block on a host.
//
// Commands (start, stop, restart, add, remove, change settings, run an
// action, set a log level, save, reload, stop the host) return at once and
// answer through a CommandReply: the remote one waits for a reply over the
// socket. Why a callback and not QFuture<CommandResult>: Qt 6.4's
// QFuture::then(context, ...) asserts when its context is destroyed before
// the future finishes (a window closed while a remote host has not answered
// yet), and a future that nobody fulfils hangs; CommandReply drops answers
// for a destroyed context and answers Unanswered when it is dropped unanswered,
// so every command answers exactly once or provably never reaches anyone.
// The public command functions check what needs no host (a session not
// connected answers Unanswered, an empty name Refused) and pass the rest to
// the implementation's do...() hook.
//
// Owner: whoever builds the window (main(), a test); it must outlive the
// window. Lives on the GUI thread; every function is called there and every
// signal is emitted there. Signals:
//  connectionChanged(state)       in-process: never (always Connected)
//  hostStateChanged(state)        each host state once, in order
//  workerAdded(name) / workerRemoved(name)
//  workerStateChanged(transition) every transition of every worker, in order
//  statusesChanged(statuses)      the workers that changed, coalesced
//  shutdownProgressChanged(progress) while the host stops, after changes; the
//                                 last one finished, before hostStateChanged(Stopped)
//                                 (remote: unless the connection ended first)
//  configurationChanged()         after a command edited configuration()
class HostSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostSession)

public:
    enum class Connection { Connecting, Connected, Disconnected };
    Q_ENUM(Connection)

    ~HostSession() override;

    virtual Connection connection() const = 0;
    // What the window is attached to, for its title and status bar ("attached
    // to the host of workhost.json, pid 1234"); "" for a host in this process.
    virtual QString description() const = 0;
    // The host runs in another process (a remote session): closing the
    // window leaves it running; only stopHost() stops it.
    virtual bool isAttached() const { return false; }

    virtual HostState hostState() const = 0;
    // Starting or Running: the host takes commands for its workers.
    bool hostIsUp() const;
    virtual QList<ServiceStatus> statuses() const = 0; // registration order
    virtual std::optional<ServiceStatus> status(const QString &worker) const = 0;
    QStringList workerNames() const; // registration order
    virtual std::optional<ServiceOptions> workerOptions(const QString &worker) const = 0;
    virtual QList<ServiceAction> workerActions(const QString &worker) const = 0;
    // Now: times move on between reports (a remote session's too), so poll it for a countdown.
    virtual ShutdownProgress shutdownProgress() const = 0;

    // The types a worker can be added as, with their settings schemas (for
    // the "add worker" form). A remote session's have no factories (`create`
    // is empty): only the host makes workers.
    virtual const WorkerRegistry &workerTypes() const = 0;
    // The configuration the host runs, with the edits made through this session.
    virtual const Configuration &configuration() const = 0;
    // The configuration's type of `worker` ("command"), or "" when unknown:
    // here from configuration(); a remote session's from the host's statuses.
    virtual QString workerType(const QString &worker) const;
    // Where saveConfiguration() writes it, and reloadConfiguration() reads it.
    virtual QString configurationPath() const = 0;

    // The host's log records after `afterSequence` (0: all it still holds).
    virtual std::unique_ptr<LogSubscription> followLog(quint64 afterSequence = 0) = 0;

    void startWorker(const QString &worker, CommandReply reply = {});
    void stopWorker(const QString &worker, CommandReply reply = {});
    void restartWorker(const QString &worker, CommandReply reply = {});
    // A worker checked as ConfigLoader checks one (the "add worker" form's);
    // added to the host and to the configuration.
    void addWorker(const WorkerConfig &worker, CommandReply reply = {});
    // Only a worker not running; from the host and the configuration.
    void removeWorker(const QString &worker, CommandReply reply = {});
    // Replaces a worker not running by one with these (unchecked) settings.
    void changeWorkerSettings(const QString &worker, const QVariantMap &settings,
                              CommandReply reply = {});
    // One of the worker's declared actions (workerActions()); the answer's
    // message is the action's own ("10 items enqueued").
    void runAction(const QString &worker, const QString &action, int count,
                   CommandReply reply = {});
    // The level of one logger (a worker's name), or, with an empty name, the
    // global level; std::nullopt makes a logger follow the global level again.
    void setLogLevel(const QString &logger, std::optional<LogLevel> level, CommandReply reply = {});
    void saveConfiguration(CommandReply reply = {});
    // Re-reads configurationPath() and reconciles the workers with it (as
    // `supervisorctl update`); answers once the changed workers are replaced.
    void reloadConfiguration(CommandReply reply = {});
    // The graceful stop of the whole host; answers once it has begun.
    void stopHost(CommandReply reply = {});

Q_SIGNALS:
    void connectionChanged(workhost::HostSession::Connection connection);
    void hostStateChanged(workhost::HostState state);
    void workerAdded(const QString &worker);
    void workerRemoved(const QString &worker);
    void workerStateChanged(const workhost::ServiceTransition &transition);
    void statusesChanged(const QList<workhost::ServiceStatus> &statuses);
    void shutdownProgressChanged(const workhost::ShutdownProgress &progress);
    void configurationChanged();

protected:
    explicit HostSession(QObject *parent = nullptr);

    // Each answers `reply` exactly once (dropping it unanswered answers
    // Unanswered). Called only while connected, with a non-empty worker name.
    virtual void doStartWorker(const QString &worker, CommandReply reply) = 0;
    virtual void doStopWorker(const QString &worker, CommandReply reply) = 0;
    virtual void doRestartWorker(const QString &worker, CommandReply reply) = 0;
    virtual void doAddWorker(const WorkerConfig &worker, CommandReply reply) = 0;
    virtual void doRemoveWorker(const QString &worker, CommandReply reply) = 0;
    virtual void doChangeWorkerSettings(const QString &worker, const QVariantMap &settings,
                                        CommandReply reply) = 0;
    virtual void doRunAction(const QString &worker, const QString &action, int count,
                             CommandReply reply) = 0;
    virtual void doSetLogLevel(const QString &logger, std::optional<LogLevel> level,
                               CommandReply reply) = 0;
    virtual void doSaveConfiguration(CommandReply reply) = 0;
    virtual void doReloadConfiguration(CommandReply reply) = 0;
    virtual void doStopHost(CommandReply reply) = 0;

private:
    // false (and `reply` answered) when the command cannot be sent at all.
    bool canSend(CommandReply &reply) const;
    bool canSendFor(const QString &worker, CommandReply &reply) const;
};

} // namespace workhost
