// Two workers in a console application; Ctrl+C (SIGINT) or SIGTERM stops them
// gracefully, and the process exits with the host's exit code.
#include <workhost/hosting/backgroundworker.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/hostedservice.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/platform/unixsignalnotifier.h>

#include <QCoreApplication>
#include <QTimer>
#include <csignal>
#include <spdlog/logger.h>

using namespace std::chrono_literals;

// A loop on its own thread, as .NET's BackgroundService.
class Counter : public workhost::BackgroundWorker
{
public:
    Counter()
        : BackgroundWorker("counter")
    {}

protected:
    void execute(workhost::StopToken token) override
    {
        qint64 rounds = 0;
        for (; token.sleepFor(200ms); ++rounds)
            addItemsDone();
        log().info("counter stopped after {} rounds", rounds);
    }
};

// Event-driven, as IHostedService: a timer on the service's own thread.
class Clock : public workhost::HostedService
{
public:
    Clock()
        : HostedService("clock")
    {}

protected:
    void onStart(QObject &context) override
    {
        auto *timer = new QTimer(&context);
        QObject::connect(timer, &QTimer::timeout, &context,
                         [this] { log().info("tick {}", ++m_ticks); });
        timer->start(300ms);
    }
    void onStop() override { log().info("clock stopped"); }

private:
    int m_ticks = 0;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    workhost::LogPipeline logs({.live = false, .console = true});
    workhost::Host host({.shutdownTimeout = 5s});
    host.addService(std::make_unique<Counter>());
    host.addService(std::make_unique<Clock>());
    workhost::UnixSignalNotifier stopSignals({SIGINT, SIGTERM});
    QObject::connect(&stopSignals, &workhost::UnixSignalNotifier::received, &host,
                     &workhost::Host::stop);
    QObject::connect(&host, &workhost::Host::stateChanged, &app, [&](workhost::HostState state) {
        if (state == workhost::HostState::Stopped)
            app.exit(host.exitCode());
    });
    host.start();
    return app.exec();
}
