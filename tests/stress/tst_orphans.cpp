// Nothing Workhost starts outlives it (issue #12), judged from outside on the
// real binary: for every way the host can end (a clean SIGTERM, the second
// Ctrl+C, abandoned threads, SIGKILL, a crash), and for a SIGHUP reload of a
// file that no longer names the workers, a program with a child
// and a grandchild and a program that daemonizes write their pids; once the
// host is gone (or the reload is done, the host still running), none of them
// may still run. Also: a stopped program gets
// SIGCONT with its SIGTERM. Each scenario prints a "SUMMARY" line with the
// processes left.

#include "support/programtree.h"
#include "support/summary.h"
#include "support/workhostprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace workhost::test;

namespace {

enum class Exit {
    Sigterm,
    Sighup,
    StopDeadline,
    SecondSigint,
    AbandonedThread,
    Sigkill,
    Sigabrt,
    Sigsegv
};

} // namespace

class tst_Orphans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingOutlivesTheHost_data();
    void nothingOutlivesTheHost();
    void anAdoptedDaemonIsReaped();
    void aStoppedProgramSeesItsTerm();
};

void tst_Orphans::nothingOutlivesTheHost_data()
{
    QTest::addColumn<Exit>("exit");
    QTest::addColumn<int>("status"); // -2: killed by a signal; -3: not checked
    QTest::newRow("clean SIGTERM") << Exit::Sigterm << 0;
    QTest::newRow("SIGHUP reload removing them") << Exit::Sighup << 0;
    // 0, or 1 if the killed program returned a moment after the deadline on a loaded machine.
    QTest::newRow("stop deadline") << Exit::StopDeadline << -3;
    QTest::newRow("second SIGINT") << Exit::SecondSigint << 3;
    QTest::newRow("abandoned thread") << Exit::AbandonedThread << 3;
    QTest::newRow("SIGKILL") << Exit::Sigkill << -2;
    // A sanitizer may keep these signals for itself and exit 1: the status is not checked.
    QTest::newRow("SIGABRT") << Exit::Sigabrt << -3;
    QTest::newRow("SIGSEGV") << Exit::Sigsegv << -3;
}

void tst_Orphans::nothingOutlivesTheHost()
{
    QFETCH(Exit, exit);
    QFETCH(int, status);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    ProgramTree tree(home);
    QJsonArray workers = tree.workers();
    const bool stubborn = exit == Exit::SecondSigint || exit == Exit::AbandonedThread;
    if (stubborn) {
        workers.append(QJsonObject{{"name", "stuck"},
                                   {"type", "stubborn"},
                                   {"settings", QJsonObject{{"ignoreStopFor", 60}}}});
    }
    if (exit == Exit::StopDeadline) { // a program that ignores SIGTERM, a grace past the deadline
        QJsonObject deaf = tree.command(
            "deaf", QStringLiteral("trap '' TERM; echo $$ > %1; while :; do sleep 0.05; done")
                        .arg(tree.path("deaf.pid")));
        QJsonObject settings = deaf.value("settings").toObject();
        settings.insert("stopGrace", 60);
        deaf.insert("settings", settings);
        workers.prepend(deaf); // stops last, with what is left of the deadline
    }
    // The stubborn worker stops first (reverse order) and holds the stop.
    // The deaf program's grace is cut at the deadline: SIGKILL then.
    const double deadline = exit == Exit::AbandonedThread ? 1 : exit == Exit::StopDeadline ? 2 : 30;
    WorkhostProcess app(home);
    app.start(
        {"--headless", "--config", writeConfig(home, {{"shutdownTimeout", deadline}}, workers)});
    QVERIFY(app.waitForError("host started"));
    QVERIFY(QTest::qWaitFor([&] { return tree.allWritten(); }, 30000));

    switch (exit) {
    case Exit::Sigterm:
    case Exit::StopDeadline:
    case Exit::AbandonedThread:
        app.signal(SIGTERM);
        break;
    case Exit::Sighup: { // the programs go with their workers, the host stays
        const qsizetype removed = workers.size();
        writeConfig(home, {{"shutdownTimeout", deadline}}, QJsonArray());
        app.signal(SIGHUP);
        QVERIFY(app.waitForError(
            QStringLiteral("reload: 0 added, %1 removed, 0 changed, 0 unchanged").arg(removed)));
        [[maybe_unused]] const bool gone =
            QTest::qWaitFor([&] { return tree.left().isEmpty(); }, 10000);
        QVERIFY2(tree.left().isEmpty(), qPrintable(tree.left().join(", ")));
        QCOMPARE(app.process.state(), QProcess::Running);
        app.signal(SIGTERM);
        break;
    }
    case Exit::SecondSigint:
        app.signal(SIGINT);
        QVERIFY(app.waitForError("press Ctrl+C again"));
        QVERIFY(app.waitForError("[stuck]")); // it is being stopped
        app.signal(SIGINT);
        break;
    case Exit::Sigkill:
        app.signal(SIGKILL);
        break;
    case Exit::Sigabrt:
        app.signal(SIGABRT);
        break;
    case Exit::Sigsegv:
        app.signal(SIGSEGV);
        break;
    }
    const int code = app.finish();
    QVERIFY2(code != -1, "the host did not end");

    // The kernel and the orphan guard act asynchronously: a bounded wait.
    // The verdict follows, with the count.
    [[maybe_unused]] const bool allGone =
        QTest::qWaitFor([&] { return tree.left().isEmpty(); }, 10000);
    const QStringList left = tree.left();
    summary(QStringLiteral("orphans %1: %2 of %3 processes left %4")
                .arg(QString::fromUtf8(QTest::currentDataTag()))
                .arg(left.size())
                .arg(tree.pids().size())
                .arg(left.join(", ")));
    QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    if (status != -3)
        QCOMPARE(code, status);
    // On a clean stop each worker stops its own daemon: nothing is left for the exit's sweep.
    if (exit == Exit::Sigterm || exit == Exit::Sighup)
        QVERIFY2(!app.err.contains("left running at exit"), qPrintable(app.err));
}

void tst_Orphans::anAdoptedDaemonIsReaped()
{
    // A daemon that ends by itself while its program runs on comes back to the
    // host (a subreaper), which must reap it: no zombie piles up.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    ProgramTree tree(home);
    const QJsonObject worker =
        tree.command("shortdaemon",
                     QStringLiteral("( setsid sh -c 'sleep 0.2 & echo $! > %1' ); exec sleep 1000")
                         .arg(tree.path("short.pid")));
    WorkhostProcess app(home);
    app.start({"--headless", "--config", writeConfig(home, {}, QJsonArray{worker})});
    QVERIFY(QTest::qWaitFor([&] { return tree.allWritten({"short.pid"}); }, 30000));
    const pid_t daemon = tree.pids().value(0);
    QVERIFY(daemon > 0);
    QVERIFY(app.waitForError(QStringLiteral("adopted process %1 exited with code 0").arg(daemon)));
    QVERIFY(!QFile::exists(QStringLiteral("/proc/%1").arg(daemon))); // reaped, not a zombie
    app.signal(SIGTERM);
    QCOMPARE(app.finish(), 0);
}

void tst_Orphans::aStoppedProgramSeesItsTerm()
{
    // A program stopped (SIGSTOP) when its worker stops must get SIGCONT with
    // its SIGTERM and exit through its own handler, not sit out the grace and
    // be SIGKILLed.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    ProgramTree tree(home);
    const QString script = QStringLiteral("trap 'echo term > %1; exit 0' TERM; echo $$ > %2; "
                                          "while :; do sleep 0.05; done")
                               .arg(tree.path("term.txt"), tree.path("stopped.pid"));
    QJsonObject worker = tree.command("stopped", script);
    QJsonObject settings = worker.value("settings").toObject();
    settings.insert("stopGrace", 20);
    worker.insert("settings", settings);
    WorkhostProcess app(home);
    app.start({"--headless", "--config",
               writeConfig(home, {{"shutdownTimeout", 40}}, QJsonArray{worker})});
    QVERIFY(app.waitForError("host started"));
    QVERIFY(QTest::qWaitFor([&] { return tree.allWritten({"stopped.pid"}); }, 30000));
    const pid_t program = tree.pids().value(0);
    QVERIFY(program > 0);
    QCOMPARE(::kill(program, SIGSTOP), 0);

    app.signal(SIGTERM);
    QCOMPARE(app.finish(), 0);
    const bool killed = app.err.contains("sending SIGKILL");
    summary(QStringLiteral("stopped program: TERM handled %1, SIGKILLed after the grace %2")
                .arg(tree.contents("term.txt") == "term" ? "yes" : "no", killed ? "yes" : "no"));
    QCOMPARE(tree.contents("term.txt"), QByteArray("term"));
    QVERIFY2(!killed, "the stopped program waited out its grace");
    QVERIFY(tree.left().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Orphans)
#include "tst_orphans.moc"
