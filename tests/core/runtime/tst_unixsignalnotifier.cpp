// The signal notifier keeps its header's promises: signals arrive as
// received(), the handler leaves errno as it found it, and the destructor puts
// back the handlers that were there before (not SIG_DFL).

#include <workhost/platform/unixsignalnotifier.h>

#include <QSignalSpy>
#include <QTest>

#include <cerrno>
#include <csignal>

using namespace workhost;

namespace {

std::atomic<int> s_previousHandlerCalls = 0;

void previousHandler(int)
{
    ++s_previousHandlerCalls;
}

struct sigaction currentAction(int signal)
{
    struct sigaction action = {};
    ::sigaction(signal, nullptr, &action);
    return action;
}

// Sets `handler` (SA_RESTART, SIGUSR1 blocked while it runs) for `signal`.
void install(int signal, void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGUSR1);
    action.sa_flags = SA_RESTART;
    QVERIFY(::sigaction(signal, &action, nullptr) == 0);
}

// Processes events until the notifier has read everything its handler wrote:
// its socket notifier fires while a byte is left, and these polls do not wait.
void drain(const QSignalSpy &received)
{
    for (int idlePasses = 0; idlePasses < 3;) {
        const qsizetype before = received.count();
        QCoreApplication::processEvents();
        idlePasses = received.count() == before ? idlePasses + 1 : 0;
    }
}

} // namespace

class TestUnixSignalNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void raisedSignalIsReceived()
    {
        install(SIGUSR2, previousHandler);
        UnixSignalNotifier notifier({SIGUSR2});
        QSignalSpy received(&notifier, &UnixSignalNotifier::received);
        const int before = s_previousHandlerCalls;
        QCOMPARE(::raise(SIGUSR2), 0);
        QVERIFY(received.wait(30000));
        QCOMPARE(received.count(), 1);
        QCOMPARE(received.at(0).at(0).toInt(), SIGUSR2);
        QCOMPARE(s_previousHandlerCalls.load(), before); // the notifier's handler, not ours
    }

    // Raised faster than it is read, the socket fills (a few hundred one-byte
    // writes) and the handler's write fails with EAGAIN: errno must still be
    // what the interrupted code had set, at every signal.
    void handlerLeavesErrnoAsItFoundIt()
    {
        UnixSignalNotifier notifier({SIGUSR2});
        QSignalSpy received(&notifier, &UnixSignalNotifier::received);
        const int raised = 5000;
        int spoiled = 0;
        for (int i = 0; i < raised; ++i) {
            errno = ENOTTY;
            ::raise(SIGUSR2);
            if (errno != ENOTTY)
                ++spoiled;
        }
        QCOMPARE(spoiled, 0);
        drain(received);
        QVERIFY(received.count() > 0);
        // Some were dropped: the handler's write did fail.
        QVERIFY2(received.count() < raised, qPrintable(QString::number(received.count())));
    }

    // A handler of our own and an ignored signal: both are back afterwards,
    // with their flags and mask, and the handler is called again.
    void destructorRestoresThePreviousHandlers()
    {
        install(SIGUSR2, previousHandler);
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        QVERIFY(::sigaction(SIGHUP, &ignore, nullptr) == 0);
        const struct sigaction before = currentAction(SIGUSR2);

        {
            UnixSignalNotifier notifier({SIGUSR2, SIGHUP});
            QVERIFY(currentAction(SIGUSR2).sa_handler != previousHandler);
            QVERIFY(currentAction(SIGHUP).sa_handler != SIG_IGN);
        }

        const struct sigaction after = currentAction(SIGUSR2);
        QVERIFY(after.sa_handler == previousHandler);
        QCOMPARE(after.sa_flags & SA_RESTART, before.sa_flags & SA_RESTART);
        QCOMPARE(sigismember(&after.sa_mask, SIGUSR1), 1);
        QVERIFY(currentAction(SIGHUP).sa_handler == SIG_IGN);
        const int calls = s_previousHandlerCalls;
        QCOMPARE(::raise(SIGUSR2), 0);
        QCOMPARE(s_previousHandlerCalls.load(), calls + 1);
        ::signal(SIGHUP, SIG_DFL);
    }
};

QTEST_GUILESS_MAIN(TestUnixSignalNotifier)
#include "tst_unixsignalnotifier.moc"
