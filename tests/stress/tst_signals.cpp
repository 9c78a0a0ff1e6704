// Signals to the real binary (issue #12): SIGTERM, SIGINT and SIGHUP close the
// window as its close button does (a graceful stop, programs stopped, exit 0)
// instead of killing it; SIGUSR1 reopens the log file in both modes and
// changes nothing else. Each scenario prints a "SUMMARY" line.

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

QString readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Waits until the host's log file shows `text`.
bool waitForLog(const WorkhostProcess &app, const QString &text)
{
    return QTest::qWaitFor([&] { return readAll(app.logFile()).contains(text); }, 30000);
}

// The same, but stops waiting when the host has ended: the checks after it say why.
bool waitForLogOrEnd(const WorkhostProcess &app, const QString &text)
{
    return QTest::qWaitFor(
        [&] {
            return app.process.state() == QProcess::NotRunning ||
                   readAll(app.logFile()).contains(text);
        },
        30000);
}

} // namespace

class tst_Signals : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theWindowClosesGracefully_data();
    void theWindowClosesGracefully();
    void aSecondSigintInTheWindowQuitsNow();
    void sigusr1ReopensTheLog_data();
    void sigusr1ReopensTheLog();
};

void tst_Signals::theWindowClosesGracefully_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGHUP") << int(SIGHUP);
}

void tst_Signals::theWindowClosesGracefully()
{
    QFETCH(int, signal);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    ProgramTree tree(home);
    WorkhostProcess app(home);
    app.setEnvironment("QT_QPA_PLATFORM", "offscreen");
    app.start({"--config", writeConfig(home, {{"shutdownTimeout", 30}}, tree.workers())});
    QVERIFY(QTest::qWaitFor([&] { return tree.allWritten(); }, 30000));
    QVERIFY(waitForLog(app, "host started"));

    app.signal(signal);
    const int code = app.finish();
    // The verdict follows, with the count.
    [[maybe_unused]] const bool allGone =
        QTest::qWaitFor([&] { return tree.left().isEmpty(); }, 10000);
    const QString log = readAll(app.logFile());
    summary(QStringLiteral("window, %1: exit %2, stopped gracefully %3, %4 processes left")
                .arg(QString::fromUtf8(QTest::currentDataTag()))
                .arg(code)
                .arg(log.contains("host stopped") ? "yes" : "no")
                .arg(tree.left().size()));
    QCOMPARE(code, 0);
    QVERIFY(log.contains(QStringLiteral("signal %1 received: closing the window").arg(signal)));
    QVERIFY(log.contains("host stopped"));
    QVERIFY(tree.left().isEmpty());
}

void tst_Signals::aSecondSigintInTheWindowQuitsNow()
{
    // The window's "Quit now" path (the same function as the dialog's button
    // and headless mode's second Ctrl+C), reached by Ctrl+C twice: it must take
    // every program along.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    ProgramTree tree(home);
    QJsonArray workers = tree.workers();
    workers.append(QJsonObject{
        {"name", "stuck"}, {"type", "stubborn"}, {"settings", QJsonObject{{"ignoreStopFor", 60}}}});
    WorkhostProcess app(home);
    app.setEnvironment("QT_QPA_PLATFORM", "offscreen");
    app.start({"--config", writeConfig(home, {{"shutdownTimeout", 30}}, workers)});
    QVERIFY(QTest::qWaitFor([&] { return tree.allWritten(); }, 30000));
    QVERIFY(waitForLog(app, "host started"));
    app.signal(SIGINT);
    QVERIFY(waitForLogOrEnd(app, "press Ctrl+C again"));
    app.signal(SIGINT);
    const int code = app.finish();
    // The verdict follows, with the count.
    [[maybe_unused]] const bool allGone =
        QTest::qWaitFor([&] { return tree.left().isEmpty(); }, 10000);
    summary(QStringLiteral("window, second SIGINT (Quit now): exit %1, %2 processes left")
                .arg(code)
                .arg(tree.left().size()));
    QCOMPARE(code, 3);
    QVERIFY(tree.left().isEmpty());
}

void tst_Signals::sigusr1ReopensTheLog_data()
{
    QTest::addColumn<bool>("headless");
    QTest::newRow("headless") << true;
    QTest::newRow("window") << false;
}

void tst_Signals::sigusr1ReopensTheLog()
{
    QFETCH(bool, headless);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    WorkhostProcess app(home);
    app.setEnvironment("QT_QPA_PLATFORM", "offscreen");
    const QString config =
        writeConfig(home, {{"shutdownTimeout", 30}},
                    QJsonArray{QJsonObject{{"name", "beat"}, {"type", "heartbeat"}}});
    app.start(headless ? QStringList{"--headless", "--config", config}
                       : QStringList{"--config", config});
    QVERIFY(waitForLog(app, "host started"));
    app.signal(SIGUSR1);
    QVERIFY(waitForLogOrEnd(app, "SIGUSR1 received: reopening the log file"));
    QCOMPARE(app.process.state(), QProcess::Running); // SIGUSR1's default action kills
    QVERIFY(readAll(app.logFile()).contains("SIGUSR1 received: reopening the log file"));
    app.signal(SIGTERM);
    QCOMPARE(app.finish(), 0);
}

QTEST_GUILESS_MAIN(tst_Signals)
#include "tst_signals.moc"
