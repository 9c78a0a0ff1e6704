// The host's lifecycle as a caller sees it: order of start and stop, the one
// shutdown deadline, abandoned threads, destruction, and status batches.

#include "core/host.h"
#include "core/hostlifetime.h"
#include "core/processexit.h"
#include "support/abandoningchild.h"
#include "support/eventlog.h"
#include "support/recordingsink.h"
#include "support/testservices.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

void addWaiting(Host &host, const QStringList &names)
{
    for (const QString &name : names)
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>(name, Behaviour::WaitForStop)));
}

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
        Host host;
        addWaiting(host, {"sleeper"});
        host.start();
        QVERIFY(waitForHostState(host, HostState::Running));

        QElapsedTimer clock;
        clock.start();
        host.stop();
        QVERIFY(waitForHostState(host, HostState::Stopped));
        // The worker sleeps 60 s; the stop must not wait for it.
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed()) + " ms"));
        QCOMPARE(host.status("sleeper")->state, ServiceState::Stopped);
    }

    void workerIgnoringStopTimesOutAtTheDeadline()
    {
        HostOptions options;
        options.shutdownTimeout = 300ms;
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
        QVERIFY(clock.elapsed() >= 290);

        // Reverse order: stubborn first; it eats the whole deadline, and the
        // polite one, never asked in time, is asked at the deadline.
        QCOMPARE(log.of("stubborn"), QStringList({"Stopped>Starting", "Starting>Running",
                                                  "Running>Stopping", "Stopping>TimedOut"}));
        QCOMPARE(host.status("polite")->state == ServiceState::TimedOut ||
                     host.status("polite")->state == ServiceState::Stopped,
                 true);
        QVERIFY(host.failed());
        QCOMPARE(host.exitCode(), int(ExitCode::ServiceFailure));
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

    void reportsThreadCpuTime()
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
        Command last = Start;
        for (int i = 0; i < 1000; ++i) {
            last = Command(i % 3);
            switch (last) {
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
        // Command 999 was a start (999 % 3 == 0): the service ends up running.
        QCOMPARE(last, Start);
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
