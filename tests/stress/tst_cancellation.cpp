// Workers that cancel by exception, through the real binary: a flaky worker
// with throwOnStop throws as soon as it is asked to stop, as a library that
// cancels by exception does. A graceful stop of the headless host must still
// be clean: exit status 0, no failure listed, no error logged. Prints a
// "SUMMARY" line.

#include "support/summary.h"
#include "support/workhostprocess.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace workhost::test;

class tst_Cancellation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void throwingOnStopIsACleanExit_data();
    void throwingOnStopIsACleanExit();
};

void tst_Cancellation::throwingOnStopIsACleanExit_data()
{
    QTest::addColumn<bool>("concurrently");
    QTest::newRow("sequential stop") << false;
    QTest::newRow("concurrent stop") << true;
}

void tst_Cancellation::throwingOnStopIsACleanExit()
{
    QFETCH(bool, concurrently);
    constexpr int workers = 12;
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QJsonArray list;
    for (int i = 0; i < workers; ++i)
        list.append(QJsonObject{
            {"name", QStringLiteral("cancels-%1").arg(i)},
            {"type", "flaky"},
            {"autostart", true},
            {"settings",
             QJsonObject{{"failEvery", 1000000}, {"interval", 0.05}, {"throwOnStop", true}}}});
    WorkhostProcess app(home);
    app.start(
        {"--headless", "--config",
         writeConfig(home, {{"shutdownTimeout", 30}, {"stopConcurrently", concurrently}}, list)});
    QVERIFY(app.waitForError("host started"));
    // Every worker runs its loop before the stop, so each has a wait to throw from.
    for (int i = 0; i < workers; ++i) {
        const QRegularExpression looping(
            QStringLiteral("\\[cancels-%1\\] \\[\\d+\\] iteration \\d+ went fine").arg(i));
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         app.err += QString::fromUtf8(app.process.readAllStandardError());
                         return app.err.contains(looping);
                     },
                     30000),
                 qPrintable(app.err.right(2000)));
    }

    app.signal(SIGTERM);
    const int code = app.finish();
    const int cancelled = int(app.err.count(QStringLiteral("cancelled: it threw on its stop")));
    summary(QStringLiteral("cancellation %1: %2 workers threw on stop, %3 seen cancelled, exit %4")
                .arg(concurrently ? "concurrent" : "sequential")
                .arg(workers)
                .arg(cancelled)
                .arg(code));
    QVERIFY2(code == 0, qPrintable(app.err.right(3000)));
    QCOMPARE(cancelled, workers);
    QVERIFY2(!app.err.contains("failure:"), qPrintable(app.err.right(3000)));
    QVERIFY2(!app.err.contains("error while stopping"), qPrintable(app.err.right(3000)));
}

QTEST_GUILESS_MAIN(tst_Cancellation)
#include "tst_cancellation.moc"
