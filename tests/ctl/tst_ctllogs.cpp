// workhost-ctl logs, resumable and ending kindly: the real binary in a child
// process. --from/--show-seq against a scripted host (what the host could not
// deliver is said on stderr, stdout keeps records only) and against a real
// `workhost --headless` (every record exactly once across runs, a seq past the
// newest refused with status 6); `logs -f` exiting 0 with one line when the
// host stops, by `workhost-ctl shutdown` and by SIGTERM.

#include "support/ctlprocess.h"
#include "support/ctlrealhost.h"
#include "support/fakecontrolhost.h"

#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace workhost;
using namespace workhost::test;
using Answer = FakeControlHost::Answer;

class TestCtlLogs : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    CtlRealHost m_real;
    QString socketPath() const { return m_home.filePath("fake.sock"); }
    CtlResult ctl(const QStringList &arguments)
    {
        CtlProcess process(m_home.path());
        return process.run(arguments);
    }

    // The seqs that begin the lines of --show-seq output, in order.
    static QList<qint64> seqsOf(const QString &out)
    {
        QList<qint64> seqs;
        for (const QString &line : out.split('\n', Qt::SkipEmptyParts)) {
            bool ok = false;
            seqs << line.section(' ', 0, 0).toLongLong(&ok);
            if (!ok)
                seqs.last() = -1; // a line without a seq: fails the comparisons
        }
        return seqs;
    }

private Q_SLOTS:
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative") << QStringList{"logs", "--from", "-1"}
                                  << "--from expects a seq of 0 or more (the last one seen), "
                                     "got \"-1\"";
        QTest::newRow("not a number")
            << QStringList{"logs", "--from=ten"} << "--from expects a seq of 0 or more";
        QTest::newRow("a page that follows")
            << QStringList{"logs", "--from", "3", "-n", "2", "-f"} << "it cannot follow";
        QTest::newRow("foreign") << QStringList{"status", "--show-seq"}
                                 << "status takes no option --show-seq";
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CtlResult result = ctl(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
    }

    void helpSaysFromShowSeqAndTheExitStatuses()
    {
        const QString help = ctl({"logs", "--help"}).out;
        for (const char *text : {"--from SEQ", "--show-seq", "with --from: at most the first N",
                                 "exits 0", "6  logs --from: the host has no such seq"})
            QVERIFY2(help.contains(text), text);
    }

    // One subscription from the seq; what the backlog no longer held (the
    // reply's `missed`) and a dropped range are said on stderr, not stdout.
    void fromSaysOnStderrWhatWasMissed()
    {
        FakeControlHost host;
        host.answer = [](const ControlRequest &request) {
            const QCborMap reply =
                map({{"stream", "logs"}, {"first", 1235}, {"missed", 1234}, {"newest", 1238}});
            return Answer{
                {FakeControlHost::reply(request.id, reply),
                 FakeControlHost::event("logs", 1235, logRecord("a", "info", "one")),
                 FakeControlHost::event("logs", 1237,
                                        map({{"dropped", 2}, {"fromSeq", 1236}, {"toSeq", 1237}})),
                 FakeControlHost::event("logs", 1238, logRecord("b", "error", "two"))}};
        };
        QVERIFY(host.listen(socketPath()));
        const CtlResult result =
            ctl({"--socket", socketPath(), "logs", "--from", "0", "--show-seq"});
        QCOMPARE(result.exitCode, 0); // it stops at the newest the reply named
        const QStringList lines = result.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith("1235 ") && lines.at(0).endsWith("INFO  a: one"),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).startsWith("1238 ") && lines.at(1).endsWith("ERROR b: two"),
                 qPrintable(lines.at(1)));
        QVERIFY2(result.err.contains("workhost-ctl: 1234 records were missed: the host no longer "
                                     "holds them (records 1 to 1234)\n"),
                 qPrintable(result.err));
        QVERIFY2(result.err.contains("workhost-ctl: 2 records were missed: this client fell "
                                     "behind and the host no longer holds them (records 1236 to "
                                     "1237)\n"),
                 qPrintable(result.err));
        QCOMPARE(host.methods, QStringList{"subscribe"});
        QCOMPARE(host.params.at(0).value(QLatin1String("from")).toInteger(), 0);
    }

    // Against the real `workhost --headless` (one, shared by the slots below, in order).
    void realHostFromPrintsEachRecordOnce()
    {
        QVERIFY2(m_real.start(), qPrintable(m_real.process.err));
        const CtlResult page = m_real.ctl({"logs", "--from", "0", "-n", "3", "--show-seq"});
        QCOMPARE(page.exitCode, 0);
        QCOMPARE(seqsOf(page.out), (QList<qint64>{1, 2, 3})); // -n with --from: the first three
        // Run after run, each from the last seq the one before printed: together
        // they print 1, 2, 3, ... with no seq twice and none left out.
        QList<qint64> seen;
        int runsWithNews = 0;
        QString errors;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QString from = QString::number(seen.isEmpty() ? 0 : seen.last());
                const CtlResult run = m_real.ctl({"logs", "--from", from, "--show-seq"});
                errors +=
                    run.err +
                    (run.exitCode == 0 ? QString() : QStringLiteral("exit %1\n").arg(run.exitCode));
                const QList<qint64> seqs = seqsOf(run.out);
                seen += seqs;
                runsWithNews += seqs.isEmpty() ? 0 : 1;
                return runsWithNews >= 3;
            },
            60000));
        QCOMPARE(errors, QString());
        for (qsizetype i = 0; i < seen.size(); ++i)
            QCOMPARE(seen.at(i), qint64(i + 1));
        // A filter: only the ticker's records, after the seq.
        const CtlResult ticker =
            m_real.ctl({"logs", "--from", "2", "--show-seq", "--level", "info", "ticker"});
        QCOMPARE(ticker.exitCode, 0);
        const QStringList lines = ticker.out.split('\n', Qt::SkipEmptyParts);
        QVERIFY(!lines.isEmpty());
        for (const QString &line : lines)
            QVERIFY2(line.contains(" ticker: ") && line.section(' ', 0, 0).toLongLong() > 2,
                     qPrintable(line));
    }

    void realHostFromPastTheNewestExitsWith6()
    {
        const CtlResult result = m_real.ctl({"logs", "--from", "999999999", "-f"});
        QCOMPARE(result.exitCode, 6);
        QCOMPARE(result.out, QString());
        QVERIFY2(result.err.startsWith("workhost-ctl: logs --from 999999999: the host has no such "
                                       "record: field \"from\": 999999999 is past the newest "
                                       "event of \"logs\""),
                 qPrintable(result.err));
        QVERIFY(result.err.contains("--from 0 reads all the host holds"));
    }

    // logs -f (plain, and resuming) while the host stops: one line, status 0.
    void realHostFollowEndsWhenTheHostStops_data()
    {
        QTest::addColumn<bool>("byShutdown"); // else SIGTERM
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("shutdown") << true << QStringList{"logs", "-f", "-n", "0"};
        QTest::newRow("SIGTERM") << false << QStringList{"logs", "-f"};
        QTest::newRow("SIGTERM, resuming") << false << QStringList{"logs", "-f", "--from", "0"};
    }
    void realHostFollowEndsWhenTheHostStops()
    {
        QFETCH(bool, byShutdown);
        QFETCH(QStringList, arguments);
        if (m_real.process.process.state() == QProcess::NotRunning) {
            m_real.process.err.clear(); // the last run's "host started" is not this one's
            QVERIFY2(m_real.start(), qPrintable(m_real.process.err));
        }
        CtlProcess follow(m_real.home.path());
        follow.start(QStringList{"-c", m_real.configPath} + arguments);
        QVERIFY(follow.waitForOutput("ticker: tick"));
        if (byShutdown)
            QCOMPARE(m_real.ctl({"shutdown"}).exitCode, 0);
        else
            m_real.process.signal(SIGTERM);
        const CtlResult result = follow.finish();
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err,
                 QStringLiteral("workhost-ctl: the host stopped (connection closed)\n"));
        QCOMPARE(m_real.process.finish(), 0);
    }
};

QTEST_MAIN(TestCtlLogs)
#include "tst_ctllogs.moc"
