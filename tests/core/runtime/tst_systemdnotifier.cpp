// systemd's notification protocol, spoken without libsystemd: what
// NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID are taken to mean (garbage,
// zero, another process's watchdog), the datagrams themselves, a notifier
// sending to a socket the test listens on (a path, an abstract name), its
// watchdog pings, a failing socket logged once, and the reporter telling a
// real host's READY, STATUS and STOPPING.

#include "support/notifylistener.h"
#include "support/recordingsink.h"
#include "support/testservices.h"
#include <workhost/hosting/host.h>
#include <workhost/platform/sdnotifyprotocol.h>
#include <workhost/platform/systemdnotifier.h>
#include <workhost/runtime/systemdstatusreporter.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cstddef>
#include <limits>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

constexpr qint64 self = 4242;

SystemdNotifier::Environment notifyAt(const QString &address, QByteArray usec = {},
                                      QByteArray pid = {})
{
    return {address.toLocal8Bit(), usec, pid};
}

QString abstractName()
{
    static int counter = 0;
    return QStringLiteral("@workhost-test-%1-%2")
        .arg(QCoreApplication::applicationPid())
        .arg(++counter);
}

ServiceStatus statusOf(const QString &name, ServiceState state)
{
    ServiceStatus status;
    status.name = name;
    status.state = state;
    return status;
}

} // namespace

class TestSystemdNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void watchdogVariables_data()
    {
        QTest::addColumn<QByteArray>("usec");
        QTest::addColumn<QByteArray>("pid");
        QTest::addColumn<qint64>("intervalMs"); // -1: no watchdog
        QTest::addColumn<bool>("problem");
        QTest::newRow("not set") << QByteArray() << QByteArray() << -1LL << false;
        QTest::newRow("200 ms") << QByteArray("200000") << QByteArray() << 100LL << false;
        QTest::newRow("ours") << QByteArray("200000") << QByteArray("4242") << 100LL << false;
        QTest::newRow("another process's")
            << QByteArray("200000") << QByteArray("4243") << -1LL << false;
        QTest::newRow("zero is off") << QByteArray("0") << QByteArray() << -1LL << false;
        QTest::newRow("1 us: 1 ms at least") << QByteArray("1") << QByteArray() << 1LL << false;
        QTest::newRow("garbage") << QByteArray("soon") << QByteArray() << -1LL << true;
        QTest::newRow("negative") << QByteArray("-200000") << QByteArray() << -1LL << true;
        QTest::newRow("space") << QByteArray(" 200000") << QByteArray() << -1LL << true;
        QTest::newRow("fraction") << QByteArray("2.5") << QByteArray() << -1LL << true;
        QTest::newRow("past 64 bits")
            << QByteArray("99999999999999999999") << QByteArray() << -1LL << true;
        QTest::newRow("largest: QTimer's range")
            << QByteArray("18446744073709551615") << QByteArray()
            << qint64(std::numeric_limits<int>::max()) << false;
        QTest::newRow("pid garbage") << QByteArray("200000") << QByteArray("me") << -1LL << true;
        QTest::newRow("pid zero") << QByteArray("200000") << QByteArray("0") << -1LL << true;
    }

    void watchdogVariables()
    {
        QFETCH(QByteArray, usec);
        QFETCH(QByteArray, pid);
        QFETCH(qint64, intervalMs);
        QFETCH(bool, problem);
        const sdnotify::Watchdog watchdog = sdnotify::Watchdog::parse(usec, pid, self);
        QCOMPARE(watchdog.pingInterval.has_value(), intervalMs >= 0);
        if (intervalMs >= 0)
            QCOMPARE(watchdog.pingInterval->count(), intervalMs);
        QVERIFY2(watchdog.problem.isEmpty() != problem, qPrintable(watchdog.problem));
        if (problem) // it names the variable and quotes the value
            QVERIFY(watchdog.problem.contains(
                pid.isEmpty() || pid.toLongLong() > 0 ? "WATCHDOG_USEC" : "WATCHDOG_PID"));
    }

    void socketAddresses()
    {
        const sdnotify::Address path = sdnotify::Address::parse("/run/user/1000/systemd/notify");
        QVERIFY(path.usable());
        QCOMPARE(path.socket.sun_family, AF_UNIX);
        QCOMPARE(QByteArray(path.socket.sun_path), QByteArray("/run/user/1000/systemd/notify"));
        QCOMPARE(size_t(path.length), offsetof(sockaddr_un, sun_path) + 30);

        const sdnotify::Address abstract = sdnotify::Address::parse("@notify");
        QVERIFY(abstract.usable());
        QCOMPARE(abstract.socket.sun_path[0], '\0');
        QCOMPARE(QByteArray(abstract.socket.sun_path + 1, 6), QByteArray("notify"));
        QCOMPARE(size_t(abstract.length), offsetof(sockaddr_un, sun_path) + 7); // no terminator

        for (const QByteArray &bad : {QByteArray("notify"), QByteArray("vsock:2:1234"),
                                      QByteArray("@"), QByteArray('/' + QByteArray(108, 'x'))}) {
            const sdnotify::Address address = sdnotify::Address::parse(bad);
            QVERIFY2(!address.usable(), bad.constData());
            QVERIFY(address.problem.startsWith("NOTIFY_SOCKET="));
        }
        QVERIFY(sdnotify::Address::parse('/' + QByteArray(106, 'x')).usable()); // 107 + NUL fits
    }

    void messages()
    {
        QCOMPARE(sdnotify::readyMessage("running 5 of 6 workers"),
                 QByteArray("READY=1\nSTATUS=running 5 of 6 workers"));
        QCOMPARE(sdnotify::statusMessage("x"), QByteArray("STATUS=x"));
        QCOMPARE(sdnotify::stoppingMessage("x", 45s),
                 QByteArray("STOPPING=1\nSTATUS=x\nEXTEND_TIMEOUT_USEC=45000000"));
        QCOMPARE(sdnotify::stoppingMessage("x", 1h), // shutdownTimeout's largest, 3600 s
                 QByteArray("STOPPING=1\nSTATUS=x\nEXTEND_TIMEOUT_USEC=3600000000"));
        QCOMPARE(sdnotify::reloadingMessage("x"), QByteArray("RELOADING=1\nSTATUS=x"));
        QCOMPARE(sdnotify::watchdogMessage(), QByteArray("WATCHDOG=1"));
        // One line: a newline in a status would start an assignment of its own.
        QCOMPARE(sdnotify::statusMessage("a\nREADY=1\tb"), QByteArray("STATUS=a READY=1 b"));
        QCOMPARE(sdnotify::statusText(QString(500, 'x')).size(), sdnotify::maxStatusCharacters);
        QCOMPARE(sdnotify::statusText(QStringLiteral("café")), QByteArray("caf\xc3\xa9"));
    }

    void sendsToAPathAndToAnAbstractName()
    {
        QTemporaryDir dir;
        for (const QString &address : {dir.filePath("notify"), abstractName()}) {
            NotifyListener listener(address);
            SystemdNotifier notifier(notifyAt(address), self);
            QVERIFY(notifier.enabled());
            QVERIFY(notifier.send(sdnotify::readyMessage("running 1 of 1 worker")));
            QVERIFY(listener.waitFor("READY=1"));
            QCOMPARE(listener.messages().first(),
                     QByteArray("READY=1\nSTATUS=running 1 of 1 worker"));
        }
    }

    void pingsTheWatchdogFromTheEventLoop()
    {
        NotifyListener listener(abstractName());
        SystemdNotifier notifier(notifyAt(listener.address(), "20000"),
                                 self); // 20 ms: a 10 ms ping
        QCOMPARE(notifier.watchdogInterval(), std::optional(10ms));
        QVERIFY(listener.waitFor("WATCHDOG=1", 3));
        // The pings come from this thread's event loop: none while it is busy.
        const qsizetype before = listener.count("WATCHDOG=1");
        QElapsedTimer busy;
        busy.start();
        while (busy.elapsed() < 100) {
        }
        QCOMPARE(listener.count("WATCHDOG=1"), before);
    }

    void anotherProcesssWatchdogIsNotPinged()
    {
        NotifyListener listener(abstractName());
        SystemdNotifier notifier(notifyAt(listener.address(), "20000", "4243"), self);
        QVERIFY(notifier.enabled());
        QVERIFY(!notifier.watchdogInterval());
        QVERIFY(notifier.send(sdnotify::statusMessage("here")));
        QVERIFY(listener.waitFor("STATUS=here"));
        QCOMPARE(listener.count("WATCHDOG=1"), 0);
    }

    void withoutNotifySocketNothingHappens()
    {
        const auto sink = RecordingSink::installAsDefault();
        SystemdNotifier notifier({{}, "20000", {}}, self);
        QVERIFY(!notifier.enabled());
        QVERIFY(!notifier.watchdogInterval());
        QVERIFY(!notifier.send(sdnotify::readyMessage("x")));
        QCOMPARE(notifier.failedSends(), 0);
        QCOMPARE(sink->count(), 0);
    }

    void anUnusableAddressIsSaidOnce()
    {
        const auto sink = RecordingSink::installAsDefault();
        SystemdNotifier notifier({"relative/notify", "20000", {}}, self);
        QVERIFY(!notifier.enabled());
        QVERIFY(!notifier.send(sdnotify::readyMessage("x")));
        QCOMPARE(sink->count(), 1);
        QVERIFY(sink->contains("systemd notification off: NOTIFY_SOCKET=\"relative/notify\""));
    }

    void aFailingSendIsLoggedOnceAndIsNotFatal()
    {
        const auto sink = RecordingSink::installAsDefault();
        QTemporaryDir dir;
        SystemdNotifier notifier(notifyAt(dir.filePath("nobody-listens")), self);
        QVERIFY(notifier.enabled());
        for (int i = 0; i < 5; ++i)
            QVERIFY(!notifier.send(sdnotify::readyMessage("x")));
        QCOMPARE(notifier.failedSends(), 5);
        QCOMPARE(sink->count(), 1);
        QVERIFY2(sink->contains("systemd notification READY=1 not sent to NOTIFY_SOCKET: No such "
                                "file or directory; later failures are not logged"),
                 qPrintable(sink->lines().join('\n')));
    }

    void takingTheEnvironmentUnsetsIt()
    {
        qputenv("NOTIFY_SOCKET", "@x");
        qputenv("WATCHDOG_USEC", "1000");
        qputenv("WATCHDOG_PID", "1");
        const SystemdNotifier::Environment environment = SystemdNotifier::takeEnvironment();
        QCOMPARE(environment.notifySocket, QByteArray("@x"));
        QCOMPARE(environment.watchdogUsec, QByteArray("1000"));
        QCOMPARE(environment.watchdogPid, QByteArray("1"));
        for (const char *name : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"})
            QVERIFY2(!qEnvironmentVariableIsSet(name), name);
    }

    void summaries()
    {
        const QList<ServiceStatus> statuses{
            statusOf("a", ServiceState::Running), statusOf("b", ServiceState::Running),
            statusOf("c", ServiceState::GaveUp), statusOf("d", ServiceState::Stopped),
            statusOf("e", ServiceState::BackingOff)}; // not a failure: completed, runs again
        QCOMPARE(SystemdStatusReporter::summary(HostState::Running, statuses),
                 "running 2 of 5 workers, 1 failing");
        QCOMPARE(SystemdStatusReporter::summary(HostState::Running, statuses.mid(0, 1)),
                 "running 1 of 1 worker");
        QCOMPARE(SystemdStatusReporter::summary(HostState::Stopping, statuses),
                 "stopping: 2 of 5 workers still running");
        QCOMPARE(SystemdStatusReporter::summary(HostState::Starting, {}),
                 "starting: 0 of 0 workers running");
    }

    // A real host: READY=1 once it runs, one STATUS per change (coalesced),
    // STOPPING=1 when its stop begins, in that order; the stop asks systemd
    // for the host's deadline and a margin (EXTEND_TIMEOUT_USEC), so that
    // TimeoutStopSec= cannot cut it short.
    void theReporterFollowsAHost()
    {
        NotifyListener listener(abstractName());
        SystemdNotifier notifier(notifyAt(listener.address()), self);
        Host host;
        SystemdStatusReporter reporter(host, notifier, 20ms);
        host.addService(std::make_unique<ScriptedWorker>("a", Behaviour::WaitForStop));
        host.addService(std::make_unique<ScriptedWorker>("b", Behaviour::WaitForStop));
        QCOMPARE(listener.count("READY=1"), 0);
        host.start();
        QVERIFY(listener.waitFor("READY=1"));
        QCOMPARE(listener.first("READY=1"), QByteArray("READY=1\nSTATUS=running 2 of 2 workers"));

        QVERIFY(host.stopService("b"));
        QVERIFY(listener.waitFor("STATUS=running 1 of 2 workers"));
        QCOMPARE(listener.count("STATUS=running 1 of 2 workers"), 1); // Stopping, then Stopped: one

        host.stop();
        QVERIFY(listener.waitFor("STOPPING=1"));
        QCOMPARE(listener.first("STOPPING=1"),
                 QByteArray("STOPPING=1\nSTATUS=stopping: 1 of 2 workers still running\n"
                            "EXTEND_TIMEOUT_USEC=45000000")); // 30 s, the default, and 15
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Stopped, 30000);
        QVERIFY(listener.indexOf("READY=1") < listener.indexOf("STOPPING=1"));
        QCOMPARE(listener.count("READY=1"), 1);
    }

    // A storm of transitions is not a storm of datagrams: at most one STATUS
    // per interval, and the last summary always goes out.
    void statusUpdatesAreRateLimited()
    {
        constexpr int workers = 40;
        constexpr auto interval = 200ms;
        NotifyListener listener(abstractName());
        SystemdNotifier notifier(notifyAt(listener.address()), self);
        Host host({.startConcurrently = true});
        SystemdStatusReporter reporter(host, notifier, interval);
        for (int i = 0; i < workers; ++i)
            host.addService(
                std::make_unique<ScriptedWorker>(QString::number(i), Behaviour::WaitForStop));
        host.start();
        QVERIFY(listener.waitFor("READY=1"));
        QTRY_COMPARE_WITH_TIMEOUT(SystemdStatusReporter::summary(host.state(), host.statuses()),
                                  QStringLiteral("running %1 of %1 workers").arg(workers), 30000);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < workers; ++i) // 80 transitions
            QVERIFY(host.stopService(QString::number(i)));
        QVERIFY(listener.waitFor(
            QStringLiteral("STATUS=running 0 of %1 workers").arg(workers).toUtf8()));
        const qsizetype updates = listener.messages().size() - 1; // all but READY=1
        QVERIFY2(
            updates <= clock.elapsed() / interval.count() + 1,
            qPrintable(QStringLiteral("%1 updates in %2 ms").arg(updates).arg(clock.elapsed())));
        host.stop();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), HostState::Stopped, 30000);
    }
};

QTEST_GUILESS_MAIN(TestSystemdNotifier)
#include "tst_systemdnotifier.moc"
