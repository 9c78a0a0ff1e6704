// The reliability suite's shutdown durability (issue #8): workers log a
// numbered line about every millisecond; the process shuts down (normally, at
// the deadline with an abandoned thread, and through SIGTERM in headless
// mode); the file log, read back across its rotated files, must hold every
// numbered line up to the last one written, with no gap.
// Each scenario prints one "SUMMARY" line with what it measured.

#include "support/durabilitychild.h"
#include "support/durabilitylog.h"
#include "support/faultchildreport.h"
#include "support/summary.h"
#include <workhost/runtime/processexit.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>

#ifndef WORKHOST_EXECUTABLE
#error "tst_durability needs the workhost executable (tests/stress/CMakeLists.txt)"
#endif

using namespace workhost;
using namespace workhost::test;

namespace {

QRegularExpression numberedLinesOf(const QString &service, const QString &message)
{
    // Lines read "<time> [level] [logger] [thread] message".
    return QRegularExpression(QStringLiteral("\\[%1\\] \\[\\d+\\] %2$")
                                  .arg(QRegularExpression::escape(service), message));
}

// Reads a growing file, for a condition on what it holds so far.
class GrowingFile
{
public:
    explicit GrowingFile(const QString &path)
        : m_file(path)
    {}

    // True once the file holds `text`.
    bool contains(const QByteArray &text)
    {
        if (!m_file.isOpen() && !m_file.open(QIODevice::ReadOnly))
            return false;
        m_text += m_file.readAll();
        return m_text.contains(text);
    }

private:
    QFile m_file;
    QByteArray m_text;
};

} // namespace

class TestDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shutdownKeepsEveryLine_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("normal stop") << "normal" << int(ExitCode::Success);
        QTest::newRow("deadline, abandoned thread")
            << "deadline" << int(ExitCode::AbandonedThreads);
    }

    void shutdownKeepsEveryLine()
    {
        QFETCH(QString, mode);
        QFETCH(int, exitCode);
        constexpr int runMs = 1500;
        QTemporaryDir dir;
        QProcess child;
        QElapsedTimer clock;
        clock.start();
        child.start(QCoreApplication::applicationFilePath(),
                    {"--durability-child", dir.path(), mode, QString::number(runMs)});
        QVERIFY(child.waitForFinished(30000));
        const qint64 tookMs = clock.elapsed();
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QVERIFY2(child.exitCode() == exitCode, child.readAllStandardError().constData());
        const QMap<QString, QString> report = readChildReport(child.readAllStandardOutput());

        const RotatingLog log = readRotatingLog(dir.path());
        QVERIFY2(log.files >= 3, qPrintable(QString::number(log.files))); // it rotated
        QStringList figures;
        for (const QString &name : durableWorkerNames()) {
            const QList<qint64> numbers =
                numbersIn(log.lines, numberedLinesOf(name, "line #(\\d+)"));
            const QString problem = sequenceProblem(numbers);
            QVERIFY2(problem.isEmpty(), qPrintable(name + ": " + problem));
            const qint64 lastWritten = report.value("last." + name).toLongLong();
            QCOMPARE(numbers.size(), lastWritten);
            QVERIFY2(lastWritten >= runMs / 5, qPrintable(QString::number(lastWritten)));
            figures << QString::number(lastWritten);
        }
        QString stuckFigure;
        if (mode == "deadline") {
            // Lines written before finishProcess() began are all there; it may
            // keep a few more, and the last of those may be cut short.
            const QList<qint64> numbers =
                numbersIn(log.lines, numberedLinesOf("stuck", "line #(\\d+)"));
            const QString problem = sequenceProblem(numbers);
            QVERIFY2(problem.isEmpty(), qPrintable("stuck: " + problem));
            const qint64 beforeExit = report.value("last.stuck").toLongLong();
            QVERIFY2(numbers.size() >= beforeExit,
                     qPrintable(QStringLiteral("%1 < %2").arg(numbers.size()).arg(beforeExit)));
            QVERIFY(log.lines.join('\n').contains("1 service thread(s) never returned"));
            stuckFigure =
                QStringLiteral("; stuck: %1 lines before the exit began, %2 in the file%3")
                    .arg(beforeExit)
                    .arg(numbers.size())
                    .arg(log.tornTail.isEmpty() ? "" : ", one more cut short");
        } else {
            QVERIFY(log.tornTail.isEmpty());
        }
        summary(QStringLiteral("durability, %1: lines %2 (1..N, no gap, N = last written) in %3 "
                               "rotated files; child ran %4 ms%5")
                    .arg(mode, figures.join('/'))
                    .arg(log.files)
                    .arg(tookMs)
                    .arg(stuckFigure));
    }

    void sigtermInHeadlessModeKeepsEveryLine()
    {
        QTemporaryDir home;
        const QString last = home.filePath("last");
        // About a line a millisecond; on SIGTERM it finishes its line, writes its count, exits.
        const QString counter =
            QStringLiteral("i=0; trap 'stop=1' TERM; while [ -z \"$stop\" ]; do i=$((i+1)); "
                           "echo \"line #$i\"; [ $((i % 10)) -ne 0 ] || sleep 0.01; done; "
                           "echo $i > %1")
                .arg(last);
        const QJsonObject config{
            {"host", QJsonObject{{"shutdownTimeout", 10}}},
            {"logging", QJsonObject{{"fileMaxSize", 64 * 1024}, {"fileMaxFiles", 100}}},
            {"workers", QJsonArray{QJsonObject{{"name", "beat"},
                                               {"type", "heartbeat"},
                                               {"settings", QJsonObject{{"interval", 0.01}}}},
                                   QJsonObject{{"name", "counter"},
                                               {"type", "command"},
                                               {"settings", QJsonObject{{"program", "sh"},
                                                                        {"arguments",
                                                                         QJsonArray{"-c", counter}},
                                                                        {"stopGrace", 5}}}}}}};
        QFile configFile(home.filePath("config.json"));
        QVERIFY(configFile.open(QIODevice::WriteOnly));
        configFile.write(QJsonDocument(config).toJson());
        configFile.close();

        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", home.filePath("data"));
        env.insert("XDG_CACHE_HOME", home.filePath("cache"));
        env.insert("XDG_CONFIG_HOME", home.filePath("config"));
        app.setProcessEnvironment(env);
        app.setStandardOutputFile(QProcess::nullDevice());
        app.setStandardErrorFile(home.filePath("stderr.log")); // a second witness, unbuffered
        QElapsedTimer clock;
        clock.start();
        app.start(WORKHOST_EXECUTABLE, {"--headless", "--config", configFile.fileName()});
        GrowingFile stderrLog(home.filePath("stderr.log"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                // In the middle of a burst of ten lines: SIGTERM finds it writing.
                return stderrLog.contains("line #1005\n") && stderrLog.contains("heartbeat #100:");
            },
            30000));
        const qint64 runMs = clock.elapsed();
        ::kill(static_cast<pid_t>(app.processId()), SIGTERM);
        QElapsedTimer stopClock;
        stopClock.start();
        QVERIFY(app.waitForFinished(30000));
        const qint64 stopMs = stopClock.elapsed();
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);

        const RotatingLog log = readRotatingLog(home.filePath("data/Workhost/workhost/logs"));
        QVERIFY(log.tornTail.isEmpty());
        QVERIFY(log.files >= 2);
        const QByteArray text = log.lines.join('\n');
        QVERIFY(text.contains("SIGTERM received: stopping 2 running service(s) gracefully"));
        QVERIFY(text.contains("exiting with status 0"));

        // The counter: every line its program wrote, up to the count it wrote last.
        QFile lastFile(last);
        QVERIFY(lastFile.open(QIODevice::ReadOnly));
        const qint64 counted = lastFile.readAll().trimmed().toLongLong();
        const QList<qint64> lines =
            numbersIn(log.lines, numberedLinesOf("counter", "line #(\\d+)"));
        QVERIFY2(sequenceProblem(lines).isEmpty(), qPrintable(sequenceProblem(lines)));
        QCOMPARE(lines.size(), counted);
        QVERIFY(counted >= 1000);

        // The heartbeat: every beat, up to the last one stderr (unbuffered) saw.
        const QRegularExpression beatLine = numberedLinesOf("beat", "heartbeat #(\\d+): .*");
        const QList<qint64> beats = numbersIn(log.lines, beatLine);
        QVERIFY2(sequenceProblem(beats).isEmpty(), qPrintable(sequenceProblem(beats)));
        QFile stderrFile(home.filePath("stderr.log"));
        QVERIFY(stderrFile.open(QIODevice::ReadOnly));
        const QList<qint64> beatsOnStderr = numbersIn(stderrFile.readAll().split('\n'), beatLine);
        QVERIFY(!beatsOnStderr.isEmpty());
        QCOMPARE(beats.size(), beatsOnStderr.last());
        QVERIFY2(beats.size() >= 20, qPrintable(QString::number(beats.size())));
        summary(QStringLiteral("durability, SIGTERM headless: counter %1 lines, heartbeat %2 "
                               "beats, 1..N with no gap in %3 rotated files; ran %4 ms, SIGTERM "
                               "to exit %5 ms")
                    .arg(counted)
                    .arg(beats.size())
                    .arg(log.files)
                    .arg(runMs)
                    .arg(stopMs));
    }
};

int main(int argc, char *argv[])
{
    if (isDurabilityChild(argc, argv))
        return runDurabilityChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestDurability test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_durability.moc"
