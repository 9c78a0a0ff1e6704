// What "status" adds to a service's status (statusdetails.h): the resident
// memory of the program the service runs, read through a ProcessMemoryCache
// that reads each process at most once per age, so that a client polling
// "status" does not make the host read /proc for every program every time.

#include <workhost/control/processmemorycache.h>
#include <workhost/control/statusdetails.h>

#include <QCborMap>
#include <QCoreApplication>
#include <QProcess>
#include <QTest>

#include <chrono>
#include <cstring>
#include <vector>

using namespace workhost;
using namespace std::chrono_literals;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// A pid that was a process of ours and has been reaped: nothing to read.
qint64 endedPid()
{
    QProcess process;
    process.start(QStringLiteral("true"), {});
    if (!process.waitForStarted())
        return 0;
    const qint64 pid = process.processId();
    process.waitForFinished();
    return pid;
}

ServiceStatus runningProgram(qint64 pid)
{
    ServiceStatus status;
    status.name = QStringLiteral("program");
    status.state = ServiceState::Running;
    status.values.insert(QStringLiteral("pid"), pid);
    return status;
}

} // namespace

class StatusDetailsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aProcessIsReadAgainOnlyOnceItsFigureIsOld()
    {
        const qint64 self = QCoreApplication::applicationPid();
        ProcessMemoryCache slow(1h);
        ProcessMemoryCache fresh(0ms);
        const std::optional<qint64> before = slow.residentBytes(self);
        QVERIFY(before && *before > 0);

        std::vector<char> grown(64 * kMiB);
        std::memset(grown.data(), 1, grown.size()); // resident now

        QCOMPARE(slow.residentBytes(self), before); // younger than an hour: not read again
        const std::optional<qint64> now = fresh.residentBytes(self);
        QVERIFY(now);
        QVERIFY2(*now >= *before + 60 * kMiB,
                 qPrintable(QStringLiteral("%1 then %2").arg(*before).arg(*now)));
    }

    void aProcessThatEndedHasNoFigure()
    {
        const qint64 pid = endedPid();
        QVERIFY(pid > 0);
        ProcessMemoryCache memory(0ms);
        QCOMPARE(memory.residentBytes(pid), std::nullopt);
        QVERIFY(!detailedStatus(runningProgram(pid), {}, memory)
                     .contains(QStringLiteral("memoryBytes")));
    }

    void theStatusOfARunningProgramCarriesItsMemory()
    {
        ProcessMemoryCache memory;
        const QCborMap status = detailedStatus(runningProgram(QCoreApplication::applicationPid()),
                                               QStringLiteral("command"), memory);
        QVERIFY(status.value(QStringLiteral("memoryBytes")).toInteger() > kMiB);
        QCOMPARE(status.value(QStringLiteral("type")).toString(), QStringLiteral("command"));
        QCOMPARE(status.value(QStringLiteral("name")).toString(), QStringLiteral("program"));
    }

    void aServiceWithNoProgramHasNoMemory()
    {
        ProcessMemoryCache memory;
        ServiceStatus status = runningProgram(0);
        QVERIFY(!detailedStatus(status, {}, memory).contains(QStringLiteral("memoryBytes")));
        status.values.clear();
        QVERIFY(!detailedStatus(status, {}, memory).contains(QStringLiteral("memoryBytes")));
        QCOMPARE(memory.size(), 0);
    }

    // Restarts give programs new pids: the ones nobody asks about any more
    // are forgotten, so the table stays the size of what runs.
    void processesNobodyAsksAboutAreForgotten()
    {
        const qint64 self = QCoreApplication::applicationPid();
        ProcessMemoryCache memory(1ms);
        for (int i = 0; i < 20; ++i)
            memory.residentBytes(endedPid());
        QVERIFY(memory.size() > 1);
        QTRY_VERIFY((memory.residentBytes(self), memory.size() == 1));
    }
};

QTEST_GUILESS_MAIN(StatusDetailsTest)
#include "tst_statusdetails.moc"
