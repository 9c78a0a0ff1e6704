#pragma once

#include <workhost/session/hostsession.h>

#include <memory>
#include <vector>

namespace workhost {

class ConfigurationDocument;
class ConfigurationReload;
class Host;
class LogPipeline;

// The HostSession of a Host in this process (the window's default: the
// embedded host). Its getters read the host directly, its signals are the
// host's own, unchanged, and every command acts on the host at once, inside
// the call, exactly as the window did before it had sessions; only the
// answer is queued (CommandReply's rule). Always Connected.
//
//     InProcessHostSession session({.host = *host, .registry = &registry,
//                                   .document = &document, .logging = &logging});
//
// Only the host is required. Without a registry there are no worker types
// (adding or changing a worker is refused); without a document the
// configuration is empty (saving and reloading are refused); without a log
// pipeline the log is empty (setting a level is refused).
//
// Owner: whoever owns the host (main(), a test). It does not own the host,
// registry, document or pipeline, which must outlive it. Lives on the host's
// thread (the GUI thread).
class InProcessHostSession final : public HostSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InProcessHostSession)

public:
    struct Parts
    {
        Host &host;
        const WorkerRegistry *registry = nullptr;
        ConfigurationDocument *document = nullptr;
        LogPipeline *logging = nullptr;
    };

    explicit InProcessHostSession(Parts parts, QObject *parent = nullptr);
    ~InProcessHostSession() override;

    Connection connection() const override { return Connection::Connected; }
    QString description() const override { return {}; }

    HostState hostState() const override;
    QList<ServiceStatus> statuses() const override;
    std::optional<ServiceStatus> status(const QString &worker) const override;
    std::optional<ServiceOptions> workerOptions(const QString &worker) const override;
    QList<ServiceAction> workerActions(const QString &worker) const override;
    ShutdownProgress shutdownProgress() const override;
    const WorkerRegistry &workerTypes() const override;
    const Configuration &configuration() const override;
    QString configurationPath() const override;
    std::unique_ptr<LogSubscription> followLog(quint64 afterSequence = 0) override;

    // The reload of configurationPath() this session runs (with a registry
    // and a document; else null), for others to start one too: SIGHUP in
    // headless mode, the control socket's "reload". Whoever starts it, its
    // end updates configuration(). The session owns it.
    ConfigurationReload *configurationReload() const { return m_reload.get(); }

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
    void connectHost();
    // Why the host said no to `verb` ("start") for `worker`, for people.
    QString refusal(const QString &worker, const QString &verb) const;
    QString changeRefusal(const QString &worker, const QVariantMap &settings) const;
    QString editRefusal() const;
    // What the next reload compares the file with: the document, as edited.
    void documentEdited();
    void onReloadStarted();
    void onReloadFinished(bool changed, const QString &summary);

    Host &m_host;
    const WorkerRegistry *m_registry;
    ConfigurationDocument *m_document;
    LogPipeline *m_logging;
    std::unique_ptr<ConfigurationReload> m_reload;
    std::vector<CommandReply> m_reloadReplies;        // the reload under way answers these
    std::vector<CommandReply> m_waitingReloadReplies; // the next reload to begin answers these
};

} // namespace workhost
