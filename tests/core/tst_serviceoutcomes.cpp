// How runs end, as the host reports it: an exception thrown on cancellation
// is a clean stop (not a failure), a completion is told apart from a stop on
// request, and a failing service is counted once.

#include "core/host.h"
#include "support/eventlog.h"
#include "support/recordingsink.h"
#include "support/testservices.h"

#include <QSignalSpy>
#include <QTest>

#include <stdexcept>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

// Built on a library that cancels by exception: once its token fires, the
// wait it is in throws (as .NET's OperationCanceledException on the stopping token).
class ThrowsOnCancellation : public BackgroundWorker
{
public:
    using BackgroundWorker::BackgroundWorker;

protected:
    void execute(StopToken token) override
    {
        if (!token.sleepFor(60s))
            throw std::runtime_error("operation cancelled");
    }
};

} // namespace

class TestServiceOutcomes : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void throwingOnCancellationIsACleanStop()
    {
        Host host;
        QVERIFY(host.addService(std::make_unique<ThrowsOnCancellation>("cancels")));
        host.start();
        QTRY_COMPARE(host.status("cancels")->state, ServiceState::Running);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.exitCode(), 0);
        QVERIFY(!host.failed());
        QCOMPARE(host.status("cancels")->state, ServiceState::Stopped);
        QVERIFY(host.status("cancels")->lastError.isEmpty());
        QVERIFY(!m_sink->contains("[cancels] error"));
    }

    void stopHostFaultCountsOnce()
    {
        Host host;
        ServiceOptions options;
        options.faultPolicy = FaultPolicy::StopHost;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("critical", Behaviour::ThrowStd),
                                options));
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("other", Behaviour::WaitForStop)));
        host.start();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        QCOMPARE(host.failures().size(), 1);
        QVERIFY(m_sink->contains("0 service(s) timed out, 1 failed"));
    }
};

QTEST_GUILESS_MAIN(TestServiceOutcomes)
#include "tst_serviceoutcomes.moc"
