// The sequential stop of the real binary with a worker that ignores its stop
// (issue 13): the healthy workers queued behind it still stop cleanly within
// their own share of the deadline, only the stuck one is reported, and every
// exit-status line in the log says the status the process really exits with.
// Each scenario prints a "SUMMARY" line.

#include "support/summary.h"
#include "support/workhostprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
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

// Every "exiting with status N" line's N, in order.
QStringList exitStatusesIn(const QString &log)
{
    QStringList statuses;
    static const QRegularExpression line(QStringLiteral("exiting with status (\\d+)"));
    for (auto it = line.globalMatch(log); it.hasNext();)
        statuses << it.next().captured(1);
    return statuses;
}

QJsonObject heartbeat(const QString &name)
{
    return {{"name", name}, {"type", "heartbeat"}, {"settings", QJsonObject{{"interval", 0.05}}}};
}

// The log has a line of `service`'s own logger saying `text` (at any level, any thread).
bool logged(const QString &log, const QString &service, const QString &text)
{
    return log.contains(QRegularExpression(
        QStringLiteral("\\[%1\\] \\[[^\\]]*\\] %2")
            .arg(QRegularExpression::escape(service), QRegularExpression::escape(text))));
}

} // namespace

class tst_ShutdownFairness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aStuckWorkerDoesNotFailTheHealthyOnes();
};

void tst_ShutdownFairness::aStuckWorkerDoesNotFailTheHealthyOnes()
{
    // Registered last, so stopped first (LIFO): it ignores its stop for a
    // minute, far past the 3 s deadline, and its thread is abandoned (exit 3).
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QJsonArray workers{heartbeat("healthy1"), heartbeat("healthy2"),
                             QJsonObject{{"name", "stuck"},
                                         {"type", "stubborn"},
                                         {"settings", QJsonObject{{"ignoreStopFor", 60}}}}};
    WorkhostProcess app(home);
    app.start({"--headless", "--config", writeConfig(home, {{"shutdownTimeout", 3}}, workers)});
    QVERIFY(app.waitForError("host started"));
    app.signal(SIGTERM);
    const int code = app.finish();
    const QString log = readAll(app.logFile());
    const QStringList statuses = exitStatusesIn(log);
    const bool healthyStopped =
        logged(log, "healthy1", "stopped in") && logged(log, "healthy2", "stopped in");
    summary(QStringLiteral("sequential stop, stuck worker first: exit %1, logged status(es) %2, "
                           "healthy workers stopped cleanly %3")
                .arg(code)
                .arg(statuses.join(','))
                .arg(healthyStopped ? "yes" : "no"));

    QCOMPARE(code, 3); // the stuck thread never returned
    QCOMPARE(statuses, QStringList({"3"}));
    // The console may lose its last lines at _Exit; those it has say the same.
    for (const QString &status : exitStatusesIn(app.err))
        QCOMPARE(status, QStringLiteral("3"));
    // The healthy ones were asked after the stuck one's share, and stopped.
    for (const QString name : {"healthy1", "healthy2"}) {
        QVERIFY2(logged(log, name, "stopped in"), qPrintable(name + " did not stop:\n" + log));
        QVERIFY2(!logged(log, name, "did not stop"), qPrintable(name + " timed out:\n" + log));
    }
    QVERIFY2(logged(log, "stuck", "still stopping after its share of"), qPrintable(log));
    QVERIFY2(logged(log, "stuck", "did not stop within the deadline"), qPrintable(log));
    QVERIFY2(log.contains("1 service(s) timed out, 0 failed"), qPrintable(log));
}

QTEST_GUILESS_MAIN(tst_ShutdownFairness)

#include "tst_shutdownfairness.moc"
