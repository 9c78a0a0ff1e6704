#pragma once

// A HostSession whose host is whatever the test says: the statuses it holds,
// its host state and its connection, set by hand. Every command is recorded
// ("stop a") and answered Done. For the window's behaviour that no host in
// this process can show: a remote host gone (disconnected), a title that
// names what the window is attached to. Owner: the test; GUI thread.

#include <workhost/config/workerregistry.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/session/hostsession.h>
#include <workhost/session/livelogsubscription.h>

#include <QStringList>

#include <memory>

namespace workhost::test {

class FakeHostSession final : public HostSession
{
public:
    FakeHostSession(QList<ServiceStatus> statuses, QString description)
        : m_statuses(std::move(statuses))
        , m_description(std::move(description))
    {}

    void setConnection(Connection connection)
    {
        m_connection = connection;
        Q_EMIT connectionChanged(connection);
    }
    QStringList commands; // what the window asked, in order: "start a", "stop b"

    Connection connection() const override { return m_connection; }
    QString description() const override { return m_description; }
    HostState hostState() const override { return HostState::Running; }
    QList<ServiceStatus> statuses() const override { return m_statuses; }
    std::optional<ServiceStatus> status(const QString &worker) const override
    {
        for (const ServiceStatus &status : m_statuses) {
            if (status.name == worker)
                return status;
        }
        return std::nullopt;
    }
    std::optional<ServiceOptions> workerOptions(const QString &) const override { return {}; }
    QList<ServiceAction> workerActions(const QString &) const override { return {}; }
    ShutdownProgress shutdownProgress() const override { return {}; }
    const WorkerRegistry &workerTypes() const override { return m_types; }
    const Configuration &configuration() const override { return m_configuration; }
    QString configurationPath() const override { return {}; }
    std::unique_ptr<LogSubscription> followLog(quint64 afterSequence) override
    {
        return std::make_unique<LiveLogSubscription>(m_log, afterSequence);
    }

protected:
    void doStartWorker(const QString &worker, CommandReply reply) override
    {
        record("start " + worker, reply);
    }
    void doStopWorker(const QString &worker, CommandReply reply) override
    {
        record("stop " + worker, reply);
    }
    void doRestartWorker(const QString &worker, CommandReply reply) override
    {
        record("restart " + worker, reply);
    }
    void doAddWorker(const WorkerConfig &worker, CommandReply reply) override
    {
        record("add " + worker.name, reply);
    }
    void doRemoveWorker(const QString &worker, CommandReply reply) override
    {
        record("remove " + worker, reply);
    }
    void doChangeWorkerSettings(const QString &worker, const QVariantMap &,
                                CommandReply reply) override
    {
        record("change " + worker, reply);
    }
    void doRunAction(const QString &worker, const QString &action, int, CommandReply reply) override
    {
        record(action + ' ' + worker, reply);
    }
    void doSetLogLevel(const QString &logger, std::optional<LogLevel>, CommandReply reply) override
    {
        record("level " + logger, reply);
    }
    void doSaveConfiguration(CommandReply reply) override { record("save", reply); }
    void doReloadConfiguration(CommandReply reply) override { record("reload", reply); }
    void doStopHost(CommandReply reply) override { record("stop host", reply); }

private:
    void record(const QString &command, CommandReply &reply)
    {
        commands << command;
        reply.answer(CommandResult::done());
    }

    QList<ServiceStatus> m_statuses;
    QString m_description;
    Connection m_connection = Connection::Connected;
    WorkerRegistry m_types;
    Configuration m_configuration;
    std::shared_ptr<LiveLogSink> m_log = std::make_shared<LiveLogSink>();
};

} // namespace workhost::test
