#include <workhost/runtime/applicationinfo.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;

// Runs the real workhost executable, as a person at a terminal would.
class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    struct Result
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Result run(const QStringList &arguments)
    {
        // Its own home: a Workhost the user runs holds the real log directory.
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", home.filePath("data"));
        env.insert("XDG_CACHE_HOME", home.filePath("cache"));
        env.insert("XDG_CONFIG_HOME", home.filePath("config"));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(WORKHOST_EXECUTABLE), arguments);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), QString::fromLocal8Bit(process.readAllStandardOutput()),
                QString::fromLocal8Bit(process.readAllStandardError())};
    }

private Q_SLOTS:
    void versionPrintsProjectVersion()
    {
        const Result result = run({QStringLiteral("--version")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out.trimmed(),
                 ApplicationInfo::executable() + QLatin1Char(' ') + ApplicationInfo::version());
    }

    void helpListsOptions()
    {
        const Result result = run({QStringLiteral("--help")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains(QStringLiteral("--run-for")), qPrintable(result.out));
        QVERIFY2(result.out.contains(QStringLiteral("--attach")), qPrintable(result.out));
        QVERIFY(result.out.contains(ApplicationInfo::description()));
        QVERIFY2(result.out.contains(QStringLiteral("4 another Workhost is running")),
                 qPrintable(result.out));
    }

    void unknownOptionIsAnError()
    {
        const Result result = run({QStringLiteral("--no-such-option")});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains(QStringLiteral("no-such-option")), qPrintable(result.err));
    }

    void badRunForSaysWhatIsWrong()
    {
        const Result result = run({QStringLiteral("--run-for"), QStringLiteral("soon")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("--run-for")), qPrintable(result.err));
        QVERIFY(result.err.contains(QStringLiteral("soon")));
    }

    void attachTakesOneSocketAndNoHostOption()
    {
        Result result =
            run({QStringLiteral("--attach"), QStringLiteral("a.sock"), QStringLiteral("b.sock")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("unexpected argument \"b.sock\"")),
                 qPrintable(result.err));
        result = run({QStringLiteral("a.sock")}); // a socket without --attach
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("only --attach takes one")),
                 qPrintable(result.err));
        result =
            run({QStringLiteral("--attach"), QStringLiteral("--run-for"), QStringLiteral("1")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("--attach opens a window on a running host")),
                 qPrintable(result.err));
    }

    void runForQuitsTheWindowByItself()
    {
        const Result result = run({QStringLiteral("--run-for"), QStringLiteral("0.2")});
        QCOMPARE(result.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
