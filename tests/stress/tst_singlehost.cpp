// One host per log directory: two hosts on the same home would tear and lose
// each other's lines and rotate each other's files. The real executable: a
// second host, headless or with a window, refuses with one line naming the
// directory and the first host's pid, exits 4 and writes nothing to the
// first's log; and a host killed with SIGKILL (its program still running)
// never keeps the next one out.

#include "support/workhostprocess.h"
#include <workhost/runtime/processexit.h>

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <csignal>

using namespace workhost;
using namespace workhost::test;

namespace {

// The first host: a heartbeat, and a program that outlives a killed host.
const QByteArray firstConfiguration = R"({"workers": [
    {"name": "first-beat", "type": "heartbeat", "settings": {"interval": 0.2}},
    {"name": "first-sleeper", "type": "command",
     "settings": {"program": "sleep", "arguments": ["600"]}}]})";
// The second host: its own names, so that any line of it is found in the file.
const QByteArray secondConfiguration = R"({"workers": [
    {"name": "second-beat", "type": "heartbeat", "settings": {"interval": 0.2}}]})";

QStringList modeArguments(const QString &mode)
{
    return mode == QLatin1String("headless") ? QStringList{"--headless"} : QStringList{};
}

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Kills the process groups the command worker announced ("started <program>
// (pid N)"), when the test ends however it ends: a program of a host killed
// with SIGKILL would otherwise outlive the test.
class AnnouncedGroups
{
public:
    AnnouncedGroups() = default;
    AnnouncedGroups(const AnnouncedGroups &) = delete;
    AnnouncedGroups &operator=(const AnnouncedGroups &) = delete;
    ~AnnouncedGroups()
    {
        for (qint64 group : std::as_const(m_groups))
            ::kill(-static_cast<pid_t>(group), SIGKILL);
    }

    void noteFrom(const QString &log)
    {
        static const QRegularExpression started(QStringLiteral("started \\S+ \\(pid (\\d+)\\)"));
        for (const QRegularExpressionMatch &match : started.globalMatch(log))
            m_groups.insert(match.captured(1).toLongLong());
    }
    bool isEmpty() const { return m_groups.isEmpty(); }

private:
    QSet<qint64> m_groups;
};

// Starts a host in `mode` and waits until its log file says it started, and
// started its program.
bool startAndWait(WorkhostProcess &host, const QString &mode, const QStringList &arguments,
                  AnnouncedGroups &programs)
{
    host.setEnvironment("QT_QPA_PLATFORM", "offscreen");
    host.start(modeArguments(mode) + arguments);
    // Window mode logs to the file only, flushed within a second.
    return QTest::qWaitFor(
        [&] {
            host.err += QString::fromUtf8(host.process.readAllStandardError());
            const QByteArray log = contentOf(host.logFile());
            programs.noteFrom(QString::fromUtf8(log));
            return log.contains("host started") && !programs.isEmpty();
        },
        60000);
}

} // namespace

class TestSingleHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondHostRefuses_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::newRow("headless, then headless") << "headless"
                                                 << "headless";
        QTest::newRow("headless, then a window") << "headless"
                                                 << "window";
        QTest::newRow("a window, then headless") << "window"
                                                 << "headless";
    }

    void secondHostRefuses()
    {
        QFETCH(QString, first);
        QFETCH(QString, second);
        QTemporaryDir home;
        AnnouncedGroups programs;
        WorkhostProcess firstHost(home);
        QVERIFY(startAndWait(firstHost, first,
                             {"--config", writeFile(home, "first.json", firstConfiguration)},
                             programs));

        WorkhostProcess secondHost(home);
        secondHost.setEnvironment("QT_QPA_PLATFORM", "offscreen");
        // --run-for: a host that does not refuse still ends by itself.
        secondHost.start(modeArguments(second) +
                         QStringList{"--run-for", "1", "--config",
                                     writeFile(home, "second.json", secondConfiguration)});
        QCOMPARE(secondHost.finish(), int(ExitCode::AnotherHostRunning));
        const QString refusal =
            QStringLiteral("workhost: another Workhost (pid %1) is running with the log directory "
                           "%2; not starting\n")
                .arg(firstHost.pid())
                .arg(firstHost.logDirectory());
        QVERIFY2(secondHost.err.contains(refusal), qPrintable(secondHost.err));
        QVERIFY2(secondHost.out.isEmpty(), qPrintable(secondHost.out));

        // The first goes on, alone in its files.
        QCOMPARE(firstHost.process.state(), QProcess::Running);
        if (first == QLatin1String("headless")) {
            firstHost.signal(SIGTERM);
            QCOMPARE(firstHost.finish(), int(ExitCode::Success));
        } else { // the window does not stop on SIGTERM (yet): only its lines so far count
            firstHost.process.kill();
            QCOMPARE(firstHost.finish(), -2);
        }
        const QByteArray log = contentOf(firstHost.logFile());
        QVERIFY(log.contains("[first-beat] ["));
        QVERIFY2(!log.contains("second.json") && !log.contains("second-beat"),
                 "a line of the second host is in the first's log");
    }

    // The kernel drops the lock with its holder, even one killed outright
    // whose program (a child, not killed with it) is still running.
    void killedHostDoesNotKeepTheNextOneOut()
    {
        QTemporaryDir home;
        AnnouncedGroups programs;
        const QString config = writeFile(home, "first.json", firstConfiguration);
        WorkhostProcess killed(home);
        QVERIFY(startAndWait(killed, "headless", {"--config", config}, programs));
        killed.signal(SIGKILL);
        QCOMPARE(killed.finish(), -2);

        WorkhostProcess next(home);
        next.start({"--headless", "--run-for", "0.5", "--config", config});
        QCOMPARE(next.finish(), int(ExitCode::Success));
        programs.noteFrom(next.err);
        QVERIFY2(!next.err.contains("another Workhost"), qPrintable(next.err));
        QVERIFY(next.err.contains("host started"));
    }
};

QTEST_GUILESS_MAIN(TestSingleHost)
#include "tst_singlehost.moc"
