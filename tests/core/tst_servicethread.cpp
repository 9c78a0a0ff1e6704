// A service thread's CPU time when the system has no clock for the thread:
// pthread_getcpuclockid() is replaced in this executable (a definition here
// takes precedence over libc's) so that it can be made to fail, as it does
// without per-thread CPU clocks.

#include "support/testservices.h"
#include <workhost/hosting/detail/servicethread.h>
#include <workhost/hosting/host.h>
#include <workhost/hosting/service.h>

#include <QCoreApplication>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <dlfcn.h>
#include <pthread.h>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

std::atomic<bool> s_noThreadClock = false;

} // namespace

extern "C" int pthread_getcpuclockid(pthread_t thread, clockid_t *clock)
{
    if (s_noThreadClock)
        return ENOENT; // "per-thread CPU time clocks are not supported"
    using Real = int (*)(pthread_t, clockid_t *);
    static const auto real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "pthread_getcpuclockid"));
    return real(thread, clock);
}

class TestServiceThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { s_noThreadClock = false; }

    void cpuTimeIsCountedWithAThreadClock()
    {
        Host host;
        QVERIFY(host.addService(std::make_unique<ScriptedWorker>("spinner", Behaviour::Spin)));
        host.start();
        QTRY_VERIFY(host.status("spinner")->cpuTime > 0ns);
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
    }

    void withoutAThreadClockCpuTimeIsUnknown()
    {
        s_noThreadClock = true;
        auto *worker = new ScriptedWorker("spinner", Behaviour::Spin);
        auto *thread = new ServiceThread(std::shared_ptr<Service>(worker), 1);
        thread->start();
        QTRY_COMPARE(worker->runs.load(), 1);
        // Unknown, not some other clock's reading (time since 1970).
        QVERIFY(!thread->cpuTime().has_value());
        thread->requestStop();
        QVERIFY(thread->wait(QDeadlineTimer(60s)));
        QVERIFY(!thread->cpuTime().has_value());
        delete thread; // with the event it posted itself, never delivered
    }

    void withoutAThreadClockTheHostCountsNothing()
    {
        s_noThreadClock = true;
        Host host;
        auto *worker = new ScriptedWorker("spinner", Behaviour::Spin);
        QVERIFY(host.addService(std::unique_ptr<Service>(worker)));
        host.start();
        QTRY_COMPARE(worker->runs.load(), 1);
        QTRY_COMPARE(host.state(), HostState::Running);
        // Running, so the thread is asked for its clock: it adds nothing.
        const auto running = host.status("spinner")->cpuTime;
        QVERIFY2(running == 0ns, qPrintable(QStringLiteral("%1 ns").arg(running.count())));
        host.stop();
        QTRY_COMPARE(host.state(), HostState::Stopped);
        const auto ended = host.status("spinner")->cpuTime;
        QVERIFY2(ended == 0ns, qPrintable(QStringLiteral("%1 ns").arg(ended.count())));
    }
};

QTEST_GUILESS_MAIN(TestServiceThread)

#include "tst_servicethread.moc"
