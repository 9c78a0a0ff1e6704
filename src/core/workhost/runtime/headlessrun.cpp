#include <workhost/runtime/headlessrun.h>

#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/platform/systemdnotifier.h>
#include <workhost/platform/unixsignalnotifier.h>
#include <workhost/runtime/configurationreload.h>
#include <workhost/runtime/processexit.h>
#include <workhost/runtime/systemdstatusreporter.h>

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <csignal>

namespace workhost {

HeadlessRun::HeadlessRun(Host &host, std::optional<std::chrono::milliseconds> runFor,
                         QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_runFor(runFor)
    , m_signals(new UnixSignalNotifier({SIGINT, SIGTERM, SIGHUP, SIGUSR1}, this))
    , m_systemd(new SystemdNotifier(SystemdNotifier::takeEnvironment(),
                                    QCoreApplication::applicationPid(), this))
    , m_systemdStatus(new SystemdStatusReporter(host, *m_systemd,
                                                SystemdStatusReporter::defaultStatusInterval, this))
{
    connect(m_signals, &UnixSignalNotifier::received, this, &HeadlessRun::onSignal);
}

HeadlessRun::~HeadlessRun() = default;

void HeadlessRun::reloadOnSighup(ConfigurationReload &reload)
{
    m_reload = &reload;
    connect(&reload, &ConfigurationReload::started, m_systemdStatus,
            &SystemdStatusReporter::reloadStarted);
    connect(&reload, &ConfigurationReload::finished, m_systemdStatus,
            [this](bool, const QString &summary) {
                m_systemdStatus->reloadFinished(QStringLiteral("reload: ") + summary);
            });
}

int HeadlessRun::exec()
{
    QEventLoop loop;
    connect(&m_host, &Host::stateChanged, &loop, [&](HostState state) {
        if (state == HostState::Stopped)
            loop.quit();
    });
    if (m_runFor) {
        QTimer::singleShot(*m_runFor, &m_host, [this] {
            spdlog::info("--run-for elapsed; stopping");
            m_host.stop();
        });
    }
    m_host.start();
    if (m_host.state() != HostState::Stopped)
        loop.exec();
    for (const ServiceFailure &failure : m_host.failures())
        spdlog::warn("failure: {}", qUtf8Printable(failure.describe()));
    return m_host.exitCode();
}

void HeadlessRun::onSignal(int signal)
{
    if (signal == SIGUSR1) {
        spdlog::info("SIGUSR1 received: reopening the log file");
        LogPipeline::reopenCurrentFiles();
        return;
    }
    if (signal == SIGHUP && m_reload) {
        spdlog::info("SIGHUP received: reloading the configuration");
        m_reload->reload();
        return;
    }
    const char *name = signal == SIGINT ? "SIGINT" : signal == SIGHUP ? "SIGHUP" : "SIGTERM";
    if (m_host.state() != HostState::Stopping) {
        int running = 0;
        for (const ServiceStatus &status : m_host.statuses())
            running += hasRunInProgressOrPending(status.state);
        spdlog::info("{} received: stopping {} running service(s) gracefully (deadline {} s){}",
                     name, running, m_host.options().shutdownTimeout.count() / 1000.0,
                     signal == SIGINT ? "; press Ctrl+C again to abandon them" : "");
        m_host.stop();
        return;
    }
    if (signal != SIGINT)
        return; // a repeated SIGTERM or SIGHUP changes nothing: the deadline still holds
    QStringList left;
    for (const ShutdownProgress::Entry &entry : m_host.shutdownProgress().entries) {
        if (hasRunInProgress(entry.state))
            left << entry.service;
    }
    spdlog::critical("second SIGINT: abandoning {} service(s) still stopping: {}", left.size(),
                     qUtf8Printable(left.join(", ")));
    abandonProcess(ExitCode::AbandonedThreads);
}

} // namespace workhost
