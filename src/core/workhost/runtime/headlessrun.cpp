#include <workhost/runtime/headlessrun.h>

#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/platform/unixsignalnotifier.h>
#include <workhost/runtime/processexit.h>

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
{
    connect(m_signals, &UnixSignalNotifier::received, this, &HeadlessRun::onSignal);
}

HeadlessRun::~HeadlessRun() = default;

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
