// The host's lifecycle as a caller sees it: order of start and stop, the one
// shutdown deadline, abandoned threads, destruction, and status batches.

#include "support/abandoningchild.h"
#include "support/eventlog.h"
#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/hosting/hostlifetime.h>
#include <workhost/runtime/processexit.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <condition_variable>
#include <mutex>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

void addWaiting(Host &host, const QStringList &names)
{
    for (const QString &name : names)
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop)));
}

// Returns from execute() when `leaveRun` opens, then holds its thread inside
// Qt's end of the thread (a direct slot of QThread::finished) until
// `leaveFinish` opens, saying so through `inFinish`.
class SlowToFinish : public BackgroundWorker
{
public:
    struct Latches
    {
        Gate leaveRun;
        Gate inFinish;
        Gate leaveFinish;
    };

    explicit SlowToFinish(std::shared_ptr<Latches> latches)
        : BackgroundWorker("slow to finish")
        , m_latches(std::move(latches))
    {}

protected:
    void execute(StopToken) override
    {
        QThread *thread = QThread::currentThread();
        QObject::connect(
            thread, &QThread::finished, thread,
            [latches = m_latches] {
                latches->inFinish.open();
                latches->leaveFinish.waitOpen();
            },
            Qt::DirectConnection);
        m_latches->leaveRun.waitOpen();
    }

private:
    const std::shared_ptr<Latches> m_latches; // shared: the thread may outlive the test
};

// Says whether its wait was cut short by the stop request.
class Sleeper : public BackgroundWorker
{
public:
    Sleeper()
        : BackgroundWorker("sleeper")
    {}
    std::atomic<bool> interrupted = false;

protected:
    void execute(StopToken token) override { interrupted = !token.sleepFor(std::chrono::hours(1)); }
};

// Ignores its stop token until the test opens its gate, then logs and counts:
// it uses its host's link after the host may be gone. Shares its gate, so the
// gate outlives the thread whatever the test does.
class IgnoresItsToken : public BackgroundWorker
{
public:
    explicit IgnoresItsToken(std::shared_ptr<Gate> gate)
        : BackgroundWorker("ignores its token")
        , m_gate(std::move(gate))
    {}

protected:
    void execute(StopToken) override
    {
        m_gate->waitOpen();
        log().info("returning after the host was destroyed");
        addItemsDone();
    }

private:
    const std::shared_ptr<Gate> m_gate;
};

// Records, in onStop(), how long its host gives it (-1: for ever).
class RecordsItsDeadline : public HostedService
{
public:
    explicit RecordsItsDeadline(std::shared_ptr<std::atomic<qint64>> remainingMs)
        : HostedService("records its deadline")
        , m_remainingMs(std::move(remainingMs))
    {}

protected:
    void onStart(QObject &) override {}
    void onStop() override
    {
        const QDeadlineTimer deadline = stopDeadline();
        *m_remainingMs = deadline.isForever() ? -1 : deadline.remainingTime();
    }

private:
    const std::shared_ptr<std::atomic<qint64>> m_remainingMs;
};

bool waitForHostState(Host &host, HostState state, int timeoutMs = 10000)
{
    QElapsedTimer clock;
    clock.start();
    while (host.state() != state && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    return host.state() == state;
}

} // namespace

class TestHost : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void startsInOrderAndStopsInReverse()
    {
        Host host;
        EventLog log(host);
        addWaiting(host, {"a", "b", "c"});

        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));

        const QStringList expected = {
            "host Starting",      "a Stopped>Starting", "a Starting>Running", "b Stopped>Starting",
            "b Starting>Running", "c Stopped>Starting", "c Starting>Running", "host Running",
            "host Stopping",      "c Running>Stopping", "c Stopping>Stopped", "b Running>Stopping",
            "b Stopping>Stopped", "a Running>Stopping", "a Stopping>Stopped", "host Stopped",
        };
        QCOMPARE(log.events, expected);
        QVERIFY(!host.failed());
        QCOMPARE(host.exitCode(), 0);
    }

    void startsAndStopsConcurrently()
    {
        HostOptions options;
        options.startConcurrently = true;
        options.stopConcurrently = true;
        Host host(options);
        EventLog log(host);
        addWaiting(host, {"a", "b", "c"});

        host.start();
        // All three are asked to start before any reports itself running.
        QCOMPARE(log.events.mid(0, 4), QStringList({"host Starting", "a Stopped>Starting",
                                                    "b Stopped>Starting", "c Stopped>Starting"}));
        QVERIFY(waitForHostState(host, HostState::Running));
        const qsizetype stopAt = log.events.size();
        host.stop();
        // All three are asked to stop at once, in reverse order.
        QCOMPARE(log.events.mid(stopAt, 4),
                 QStringList({"host Stopping", "c Running>Stopping", "b Running>Stopping",
                              "a Running>Stopping"}));
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QStringList stopped = log.events.mid(stopAt + 4, 3);
        stopped.sort();
        QCOMPARE(stopped,
                 QStringList({"a Stopping>Stopped", "b Stopping>Stopped", "c Stopping>Stopped"}));
        QCOMPARE(log.events.last(), QStringLiteral("host Stopped"));
    }

    void lifetimeSignalsComeOnceInOrder()
    {
        Host host;
        addWaiting(host, {"a"});
        QStringList seen;
        connect(host.lifetime(), &HostLifetime::started, this, [&] { seen << "started"; });
        connect(host.lifetime(), &HostLifetime::stopping, this, [&] { seen << "stopping"; });
        connect(host.lifetime(), &HostLifetime::stopped, this, [&] { seen << "stopped"; });
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        host.stop();
        host.stop(); // a second request does not start a second shutdown
        QVERIFY(waitForHostState(host, HostState::Stopped));
        host.stop();
        QCOMPARE(seen, QStringList({"started", "stopping", "stopped"}));
    }

    void cancellableWaitStopsAtOnce()
    {
        Host host; // a 30 s deadline, for a worker that sleeps an hour
        auto *sleeper = new Sleeper;
        QVERIFY(host.addService(std::unique_ptr<Service>(sleeper)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped, 60000));
        // The stop woke its wait (not the hour, not the deadline): it stopped, in time.
        QVERIFY(sleeper->interrupted);
        QCOMPARE(host.status("sleeper")->state, ServiceState::Stopped);
        QVERIFY(!host.failed());
    }

    void workerIgnoringStopTimesOutAtTheDeadline()
    {
        HostOptions options;
        options.shutdownTimeout = 2s; // the stubborn one's share: 1 s, then polite's turn
        Gate gate;
        Host host(options);
        const auto release = qScopeGuard([&] { gate.open(); }); // even if a check fails
        EventLog log(host);
        addWaiting(host, {"polite"});
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("stubborn", Behaviour::IgnoreStop, &gate)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        QSignalSpy progress(&host, &Host::shutdownProgressChanged);
        QElapsedTimer clock;
        clock.start();
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QVERIFY(clock.elapsed() >= 1990);

        // Reverse order: stubborn first; after its share the polite one is
        // asked, stops, and only the stubborn one times out at the deadline.
        QCOMPARE(log.of("stubborn"), QStringList({"Stopped>Starting", "Starting>Running",
                                                  "Running>Stopping", "Stopping>TimedOut"}));
        QCOMPARE(log.of("polite"), QStringList({"Stopped>Starting", "Starting>Running",
                                                "Running>Stopping", "Stopping>Stopped"}));
        QVERIFY(host.failed());
        QCOMPARE(host.exitCode(), int(ExitCode::ServiceFailure));
        QCOMPARE(host.failures().size(), 1);
        QVERIFY(host.failures().contains(ServiceFailure{"stubborn", FailureKind::TimedOut, {}}));
        QVERIFY(m_sink->contains("did not stop within the deadline"));

        // The progress reports name every service and end with no time left.
        QVERIFY(progress.count() >= 2);
        const auto last = progress.last().at(0).value<ShutdownProgress>();
        QCOMPARE(last.entries.size(), 2);
        QCOMPARE(last.entries.at(0).service, QStringLiteral("stubborn"));
        QCOMPARE(last.entries.at(0).state, ServiceState::TimedOut);
        QVERIFY(last.finished());

        // Once it returns, late, the service is Stopped and its thread is gone.
        gate.open();
        QTRY_COMPARE(host.status("stubborn")->state, ServiceState::Stopped);
        QTRY_VERIFY(!host.status("stubborn")->threadAlive);
    }

    void abandonedThreadLeavesWithItsOwnExitCode()
    {
        // A child process whose worker never returns: it must leave at the
        // deadline with ExitCode::AbandonedThreads, logs flushed, no abort.
        QTemporaryDir dir;
        const QString logFile = dir.filePath("workhost.log");
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {"--abandon-child", dir.path()});
        QVERIFY(child.waitForFinished(20000));
        const QString err = QString::fromLocal8Bit(child.readAllStandardError());
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), int(ExitCode::AbandonedThreads));
        QVERIFY2(!err.contains("Destroyed while thread"), qPrintable(err));

        QFile file(logFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString log = QString::fromUtf8(file.readAll());
        QVERIFY2(log.contains("last words before hanging"), qPrintable(log));
        QVERIFY2(log.contains("never returned"), qPrintable(log));
    }

    void stopBeforeStart()
    {
        Host host;
        EventLog log(host);
        addWaiting(host, {"a"});
        host.stop();
        QCOMPARE(host.state(), HostState::Stopped);
        host.start(); // a stopped host does not start again
        QCOMPARE(log.events, QStringList({"host Stopping", "host Stopped"}));
        QCOMPARE(host.status("a")->state, ServiceState::Stopped);
    }

    void startWhileStoppingIsIgnored()
    {
        HostOptions options;
        options.shutdownTimeout = 5s;
        Gate gate;
        Host host(options);
        const auto release = qScopeGuard([&] { gate.open(); });
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("slow", Behaviour::IgnoreStop, &gate)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        host.stop();
        QCOMPARE(host.state(), HostState::Stopping);
        host.start();
        QVERIFY(!host.startService("slow"));
        QVERIFY(!host.addService(std::make_unique<ScriptedWorker>("late", Behaviour::WaitForStop)));
        QCOMPARE(host.state(), HostState::Stopping);
        gate.open();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QCOMPARE(host.status("slow")->state, ServiceState::Stopped);
        QVERIFY(!host.failed());
    }

    void destroyingARunningHostStopsItsServices()
    {
        auto host = std::make_unique<Host>();
        addWaiting(*host, {"a", "b", "c"});
        auto *worker = new ScriptedWorker("d", Behaviour::LogUntilStopped);
        QVERIFY(host->addService(std::unique_ptr<Service>(worker)));
        host->start();
        QVERIFY(waitForHostState(*host, HostState::Running));
        QTRY_VERIFY(worker->runs == 1);

        QElapsedTimer clock;
        clock.start();
        host.reset();
        QVERIFY(clock.elapsed() < 5000);
        QCOMPARE(Host::abandonedThreadCount(), 0);
    }

    void destroyingARunningHostDoesNotWaitForTheDeadline()
    {
        // Nobody asked the destructor to wait for the shutdown deadline: a
        // service that ignores its stop token is abandoned after a short
        // grace, the polite one beside it stops, and the stuck thread keeps
        // its service alive until it returns.
        HostOptions options;
        options.shutdownTimeout = 20s;
        auto gate = std::make_shared<Gate>();
        const auto release = qScopeGuard([&] { gate->open(); });
        const int abandonedBefore = Host::abandonedThreadCount();
        auto host = std::make_unique<Host>(options);
        QVERIFY(host->addService(std::make_unique<Sleeper>())); // stops at once: not abandoned
        QVERIFY(host->addService(std::make_unique<IgnoresItsToken>(gate)));
        host->start();
        QVERIFY(waitForHostState(*host, HostState::Running));

        QElapsedTimer clock;
        clock.start();
        host.reset();
        QVERIFY2(clock.elapsed() < 20000,
                 qPrintable(QStringLiteral("~Host blocked %1 ms, the whole shutdown deadline")
                                .arg(clock.elapsed())));
        QCOMPARE(Host::abandonedThreadCount(), abandonedBefore + 1);

        gate->open();
        QTRY_COMPARE(Host::abandonedThreadCount(), abandonedBefore);
    }

    void destroyingARunningHostTellsItsServicesTheirDeadline()
    {
        // Asked to stop by a destructor, a service learns how long it has (a
        // command worker sends SIGKILL before that), not "for ever".
        HostOptions options;
        options.shutdownTimeout = 60s;
        auto remainingMs = std::make_shared<std::atomic<qint64>>(-2);
        auto host = std::make_unique<Host>(options);
        QVERIFY(host->addService(std::make_unique<RecordsItsDeadline>(remainingMs)));
        host->start();
        QVERIFY(waitForHostState(*host, HostState::Running));
        host.reset();
        QVERIFY2(*remainingMs >= 0 && *remainingMs <= options.destroyGrace.count(),
                 qPrintable(QStringLiteral("its deadline: %1 ms").arg(remainingMs->load())));
    }

    void addServiceSaysWhyItRefused_data()
    {
        QTest::addColumn<int>("hostState"); // when it is asked
        QTest::addColumn<bool>("nullService");
        QTest::addColumn<AddServiceRefusal>("refusal");
        QTest::addColumn<QString>("message");
        const int created = int(HostState::Created);
        QTest::newRow("no service") << created << true << AddServiceRefusal::NoService
                                    << "no service given (a null pointer)";
        QTest::newRow("a name taken") << created << false << AddServiceRefusal::DuplicateName
                                      << "a service named \"sleeper\" is already in the host";
        QTest::newRow("stopping") << int(HostState::Stopping) << false
                                  << AddServiceRefusal::HostStopping
                                  << "the host is stopping: it takes no new service (\"sleeper\")";
        QTest::newRow("stopped") << int(HostState::Stopped) << false
                                 << AddServiceRefusal::HostStopped
                                 << "the host has stopped: it takes no new service (\"sleeper\")";
    }

    void addServiceSaysWhyItRefused()
    {
        QFETCH(int, hostState);
        QFETCH(bool, nullService);
        QFETCH(AddServiceRefusal, refusal);
        QFETCH(QString, message);
        Host host;
        const auto add = [&] {
            return nullService ? host.addService(std::unique_ptr<Sleeper>())
                               : host.addService(std::make_unique<Sleeper>());
        };
        if (refusal == AddServiceRefusal::DuplicateName)
            QVERIFY(add());
        std::optional<AddServiceResult<Sleeper>> result;
        connect(&host, &Host::stateChanged, this, [&](HostState state) {
            if (int(state) == hostState)
                result = add(); // from the host's own signal, as an application might
        });
        if (hostState == int(HostState::Created))
            result = add();
        else
            host.stop(); // Created: Stopping, then Stopped, at once
        QVERIFY(result.has_value());
        QVERIFY(!*result);
        QVERIFY(!result->service());
        QCOMPARE(result->refusal(), refusal);
        QCOMPARE(result->message(), message);
        QCOMPARE(host.serviceNames().size(), refusal == AddServiceRefusal::DuplicateName ? 1 : 0);
    }

    void addServiceGivesBackTheTypedService()
    {
        Host host;
        auto added = host.addService(std::make_unique<Sleeper>());
        static_assert(std::is_same_v<decltype(added.service()), Sleeper *>,
                      "the caller keeps the type it gave");
        QVERIFY(added);
        QCOMPARE(added.refusal(), AddServiceRefusal::None);
        QVERIFY(added.message().isEmpty());
        QCOMPARE(host.service("sleeper"), static_cast<Service *>(added.service()));
        QVERIFY(!added->interrupted);
    }

    void onlyTheHostEmitsItsSignals()
    {
        // Each takes a QPrivateSignal that only Host (and HostLifetime) can
        // make: no other code can fake a transition or a state.
        static_assert(!std::is_invocable_v<decltype(&Host::stateChanged), Host &, HostState>);
        static_assert(!std::is_invocable_v<decltype(&Host::serviceAdded), Host &, QString>);
        static_assert(!std::is_invocable_v<decltype(&Host::serviceRemoved), Host &, QString>);
        static_assert(
            !std::is_invocable_v<decltype(&Host::serviceStateChanged), Host &, ServiceTransition>);
        static_assert(
            !std::is_invocable_v<decltype(&Host::statusesChanged), Host &, QList<ServiceStatus>>);
        static_assert(!std::is_invocable_v<decltype(&Host::shutdownProgressChanged), Host &,
                                           ShutdownProgress>);
        static_assert(!std::is_invocable_v<decltype(&HostLifetime::started), HostLifetime &>);
        static_assert(!std::is_invocable_v<decltype(&HostLifetime::stopping), HostLifetime &>);
        static_assert(!std::is_invocable_v<decltype(&HostLifetime::stopped), HostLifetime &>);
        // Connecting and spying stay as they were.
        Host host;
        QSignalSpy states(&host, &Host::stateChanged);
        host.stop();
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(1).at(0).value<HostState>(), HostState::Stopped);
    }

    void statePredicatesSayWhatTheyMean_data()
    {
        QTest::addColumn<ServiceState>("state");
        QTest::addColumn<bool>("runInProgress");
        QTest::addColumn<bool>("runInProgressOrPending");
        using S = ServiceState;
        QTest::newRow("Stopped") << S::Stopped << false << false;
        QTest::newRow("Starting") << S::Starting << true << true;
        QTest::newRow("Running") << S::Running << true << true;
        QTest::newRow("Stopping") << S::Stopping << true << true;
        QTest::newRow("Faulted") << S::Faulted << false << false;
        QTest::newRow("BackingOff") << S::BackingOff << false << true;
        QTest::newRow("TimedOut") << S::TimedOut << false << false;
        QTest::newRow("GaveUp") << S::GaveUp << false << false;
    }

    void statePredicatesSayWhatTheyMean()
    {
        QFETCH(ServiceState, state);
        QFETCH(bool, runInProgress);
        QFETCH(bool, runInProgressOrPending);
        QCOMPARE(QMetaEnum::fromType<ServiceState>().keyCount(), 8); // every state has a row
        QCOMPARE(hasRunInProgress(state), runInProgress);
        QCOMPARE(hasRunInProgressOrPending(state), runInProgressOrPending);
    }

    void stopHostFaultPolicyStopsTheHost()
    {
        Gate gate;
        Host host;
        const auto release = qScopeGuard([&] { gate.open(); });
        EventLog log(host);
        addWaiting(host, {"bystander"});
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::StopHost;
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("critical", Behaviour::ThrowAfterGate, &gate),
            options));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        gate.open();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QCOMPARE(host.status("critical")->state, ServiceState::Faulted);
        QCOMPARE(host.status("critical")->lastError, QStringLiteral("failed after a while"));
        QCOMPARE(host.status("bystander")->state, ServiceState::Stopped);
        QCOMPARE(host.exitCode(), int(ExitCode::ServiceFailure));
        QCOMPARE(host.failures(), QList<ServiceFailure>({{"critical", FailureKind::Faulted,
                                                          "failed after a while"}}));
    }

    void lifetimeStopRequestedFromAnyThread()
    {
        Host host;
        addWaiting(host, {"a"});
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        std::thread other([&] { host.lifetime()->requestStop(); });
        other.join();
        QVERIFY(waitForHostState(host, HostState::Stopped));
    }

    void servicesRunOnThreadsNamedAfterThem()
    {
        Host host;
        auto *ticking = new TickingService("ticker");
        auto *worker = new ScriptedWorker("worker", Behaviour::WaitForStop);
        QVERIFY(host.addService(std::unique_ptr<Service>(ticking)));
        QVERIFY(host.addService(std::unique_ptr<Service>(worker)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        QTRY_VERIFY(ticking->ticks >= 3);
        QTRY_VERIFY(worker->lastThread != nullptr);

        QThread *tickerThread = ticking->startThread;
        QVERIFY(tickerThread != QThread::currentThread());
        QCOMPARE(tickerThread->objectName(), QStringLiteral("ticker"));
        QCOMPARE(ticking->timerThread.load(), tickerThread);
        QCOMPARE(worker->lastThread.load()->objectName(), QStringLiteral("worker"));
        QVERIFY(worker->lastThread.load() != tickerThread);

        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QCOMPARE(ticking->stopThread.load(), tickerThread);
    }

    void statusesAreCoalescedButTransitionsAreNot()
    {
        HostOptions options;
        options.startConcurrently = true;
        options.stopConcurrently = true;
        Host host(options);
        EventLog log(host);
        const int services = 100;
        for (int i = 0; i < services; ++i) {
            QVERIFY(host.addService(std::make_unique<ScriptedWorker>(QStringLiteral("w%1").arg(i),
                                                                     Behaviour::LogUntilStopped)));
        }
        int batches = 0;
        int snapshots = 0;
        connect(&host, &Host::statusesChanged, this, [&](const QList<ServiceStatus> &statuses) {
            ++batches;
            snapshots += statuses.size();
        });
        QElapsedTimer clock;
        clock.start();
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        // Each worker advances its counter every millisecond: let them go at it.
        QTRY_VERIFY(host.status("w99")->itemsDone >= 200);
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));

        qint64 items = 0;
        for (const ServiceStatus &status : host.statuses())
            items += status.itemsDone;
        // Tens of thousands of counter changes and 400 transitions reached the
        // host's thread as a few batches: at most one per status interval (and
        // one for the final state).
        const qint64 maxBatches = clock.elapsed() / options.statusInterval.count() + 2;
        QVERIFY2(batches <= maxBatches, qPrintable(QStringLiteral("%1 batches in %2 ms, %3 items")
                                                       .arg(batches)
                                                       .arg(clock.elapsed())
                                                       .arg(items)));
        QVERIFY(items >= 200);
        QVERIFY(snapshots >= services);
        QCOMPARE(log.transitions.size(), services * 4);
        QVERIFY(log.chained());
    }

    void reportsThreadCpuClock()
    {
        Host host;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("spinner", Behaviour::Spin)));
        host.start();
        QTRY_VERIFY(host.status("spinner")->cpuTime > 20ms);
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        const auto total = host.status("spinner")->cpuTime;
        QVERIFY(total > 20ms);
        QCOMPARE(host.status("spinner")->cpuTime, total); // final once the thread ended
    }

    void startStopRestartThousandTimes()
    {
        Host host;
        EventLog log(host);
        auto *worker = new ScriptedWorker("busy", Behaviour::LogUntilStopped);
        QVERIFY(host.addService(std::unique_ptr<Service>(worker)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        const qsizetype linesBefore = m_sink->count();

        enum Command { Start, Stop, Restart };
        for (int i = 0; i < 1000; ++i) {
            switch (Command(i % 3)) {
            case Start:
                host.startService("busy");
                break;
            case Stop:
                host.stopService("busy");
                break;
            case Restart:
                host.restartService("busy");
                break;
            }
            // Three commands in four meet a settled service; the fourth
            // meets it mid-transition.
            if (i % 4 != 3) {
                QVERIFY(QTest::qWaitFor(
                    [&] {
                        const ServiceState state = host.status("busy")->state;
                        return state != ServiceState::Starting && state != ServiceState::Stopping;
                    },
                    5000));
            }
        }
        // Whatever the commands left behind, a start brings it back running.
        QVERIFY(host.startService("busy"));
        QTRY_COMPARE(host.status("busy")->state, ServiceState::Running);
        QVERIFY(log.chained());
        // Every launch ran the worker exactly once, and the loop really cycled.
        const qsizetype launches = log.of("busy").count("Stopped>Starting");
        QTRY_COMPARE(qsizetype(worker->runs.load()), launches);
        QVERIFY2(launches > 300, qPrintable(QString::number(launches)));
        QTRY_VERIFY(m_sink->count() > linesBefore);
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QCOMPARE(host.status("busy")->state, ServiceState::Stopped);
        QVERIFY(log.chained());
        QVERIFY(!host.failed());
    }

    void servicesAddedToARunningHostAllStart_data()
    {
        QTest::addColumn<bool>("concurrently");
        QTest::addColumn<int>("added");
        QTest::newRow("two, sequential start") << false << 2;
        QTest::newRow("three, sequential start") << false << 3;
        QTest::newRow("three, concurrent start") << true << 3;
    }

    void servicesAddedToARunningHostAllStart()
    {
        QFETCH(bool, concurrently);
        QFETCH(int, added);
        HostOptions options;
        options.startConcurrently = concurrently;
        Host host(options);
        EventLog log(host);
        addWaiting(host, {"first"});
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        // One after another, as a person adds them in the window.
        for (int i = 1; i <= added; ++i) {
            const QString name = QStringLiteral("added%1").arg(i);
            QVERIFY(
                host.addService(std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop)));
            QCOMPARE(log.of(name), QStringList({"Stopped>Starting"})); // asked at once
        }
        for (int i = 1; i <= added; ++i) {
            const QString name = QStringLiteral("added%1").arg(i);
            QTRY_COMPARE(log.of(name), QStringList({"Stopped>Starting", "Starting>Running"}));
        }
        QCOMPARE(host.state(), HostState::Running);

        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        for (int i = 1; i <= added; ++i) {
            QCOMPARE(host.status(QStringLiteral("added%1").arg(i))->state, ServiceState::Stopped);
        }
        QVERIFY(log.chained());
        QVERIFY(!host.failed());
    }

    void stuckServiceLetsTheOthersStopCleanly()
    {
        // Sequential stop with a short share and a long deadline: the stuck
        // one is stopped first (registered last), outlasts its share, and the
        // healthy ones behind it are asked, in order, and stop.
        HostOptions options;
        options.shutdownTimeout = 60s;
        options.serviceStopTimeout = 100ms;
        Gate gate;
        Host host(options);
        const auto release = qScopeGuard([&] { gate.open(); });
        EventLog log(host);
        addWaiting(host, {"a", "b"});
        QVERIFY(host.addService(
            std::make_unique<ScriptedWorker>("stuck", Behaviour::IgnoreStop, &gate)));
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        const qsizetype stopAt = log.events.size();
        host.stop();
        QTRY_COMPARE(host.status("a")->state, ServiceState::Stopped);
        QCOMPARE(log.events.mid(stopAt),
                 QStringList({"host Stopping", "stuck Running>Stopping", "b Running>Stopping",
                              "b Stopping>Stopped", "a Running>Stopping", "a Stopping>Stopped"}));

        // The stuck one keeps its place in the report, still stopping.
        const ShutdownProgress progress = host.shutdownProgress();
        QCOMPARE(progress.entries.size(), 3);
        QCOMPARE(progress.entries.at(0).service, QStringLiteral("stuck"));
        QCOMPARE(progress.entries.at(0).state, ServiceState::Stopping);
        QVERIFY(progress.entries.at(0).overran);
        QVERIFY(!progress.entries.at(1).overran);
        QCOMPARE(host.state(), HostState::Stopping);
        QVERIFY(m_sink->contains("still stopping after its share of 100 ms"));

        // It returns before the deadline: a clean stop for all three.
        gate.open();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QCOMPARE(log.of("stuck").last(), QStringLiteral("Stopping>Stopped"));
        QVERIFY(!host.failed());
        QCOMPARE(host.exitCode(), int(ExitCode::Success));
    }

    void removeServiceDuringStopIsRefused()
    {
        Gate gate;
        Host host;
        const auto release = qScopeGuard([&] { gate.open(); });
        addWaiting(host, {"a"});
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("b", Behaviour::IgnoreStop, &gate)));
        addWaiting(host, {"c"}); // stopped first
        ServiceOptions byHand;
        byHand.autostart = false;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("idle", Behaviour::WaitForStop),
                                byHand));
        QList<bool> removedFromSlot;
        connect(&host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.service == "c" && t.to == ServiceState::Stopped)
                removedFromSlot << host.removeService("c");
        });
        connect(&host, &Host::stateChanged, this, [&](HostState state) {
            if (state == HostState::Stopping)
                removedFromSlot << host.removeService("idle"); // never ran, not in the stop
        });
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        host.stop();
        // c has stopped; b holds the stop sequence.
        QTRY_COMPARE(host.status("c")->state, ServiceState::Stopped);
        QCOMPARE(removedFromSlot, QList<bool>({false, false}));
        QVERIFY(!host.removeService("c"));
        QVERIFY(!host.removeService("idle"));
        QCOMPARE(host.state(), HostState::Stopping);
        ShutdownProgress progress = host.shutdownProgress();
        QCOMPARE(progress.entries.size(), 3);
        QCOMPARE(progress.entries.at(0).service, QStringLiteral("c"));
        QCOMPARE(progress.entries.at(0).state, ServiceState::Stopped);

        gate.open();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        QVERIFY(!host.failed());
        // Once stopped it may go, and leaves the report with it.
        QVERIFY(host.removeService("c"));
        QVERIFY(host.removeService("idle"));
        QVERIFY(!host.contains("c"));
        progress = host.shutdownProgress();
        QCOMPARE(progress.entries.size(), 2);
        QCOMPARE(progress.entries.at(0).service, QStringLiteral("b"));
        QCOMPARE(progress.entries.at(1).service, QStringLiteral("a"));
    }

    void removeServiceFromTheHostsOwnSignalIsRefused()
    {
        // A slot of the transition that ends a run runs while that service's
        // controller is still on the stack: deleting it there would free it
        // under its own feet. Refused, with a warning for the programmer.
        Host host;
        ServiceOptions once;
        once.restartOnCompletion = false;
        QList<bool> removedFromSlot;
        connect(&host, &Host::serviceStateChanged, this, [&](const ServiceTransition &t) {
            if (t.service == "done" && t.to == ServiceState::Stopped)
                removedFromSlot << host.removeService("done");
        });
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression("removeService\\(\"done\"\\) called from a slot "
                                                "of the host's own signal: refused"));
        QVERIFY(
            host.addService(std::make_unique<ScriptedWorker>("done", Behaviour::Complete), once));
        QTRY_COMPARE(removedFromSlot, QList<bool>({false}));
        QCOMPARE(host.status("done")->state, ServiceState::Stopped);
        // From outside the emission, the same call is fine.
        QVERIFY(host.removeService("done"));
        QVERIFY(!host.contains("done"));
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
    }

    void abandonedThreadCountedUntilQtIsDoneWithIt()
    {
        // The service's code returns, but the thread is still inside Qt's end
        // of the thread (finished() being emitted): it must still count, or
        // finishProcess() would let static destructors run under it.
        auto latches = std::make_shared<SlowToFinish::Latches>();
        const auto release = qScopeGuard([&] {
            latches->leaveRun.open();
            latches->leaveFinish.open();
        });
        HostOptions options;
        options.shutdownTimeout = 100ms;
        auto host = std::make_unique<Host>(options);
        QVERIFY(host->addService(std::make_unique<SlowToFinish>(latches)));
        host->start();
        QVERIFY(waitForHostState(*host, HostState::Running));
        host.reset(); // it does not return by the deadline: abandoned
        QCOMPARE(Host::abandonedThreadCount(), 1);

        // No event loop from here until leaveFinish: it would delete the
        // thread's object, which waits for Qt's end of the thread.
        latches->leaveRun.open();
        QVERIFY(latches->inFinish.waitOpen(60s));
        QCOMPARE(Host::abandonedThreadCount(), 1);

        latches->leaveFinish.open();
        QTRY_COMPARE(Host::abandonedThreadCount(), 0);
    }
};

int main(int argc, char *argv[])
{
    if (isAbandoningChild(argc, argv))
        return runAbandoningChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestHost test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_host.moc"
