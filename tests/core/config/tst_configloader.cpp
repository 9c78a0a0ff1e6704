// Configuration files, good and bad: every problem is reported with where
// and what, and nothing valid is lost.

#include "support/configmessages.h"
#include "support/standardregistry.h"
#include "support/testservices.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configwriter.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/loglevel.h>
#include <workhost/runtime/hostassembly.h>

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

class TestConfigLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("validWorkers");

        QTest::newRow("syntax error, with line and column")
            << QByteArray(
                   "{\n  \"workers\": [\n    {\"name\": \"a\" \"type\": \"heartbeat\"}\n  ]\n}")
            << QStringList{"error line 3, column 19: JSON syntax error: unterminated object"}
            << QStringList{};
        QTest::newRow("not an object") << QByteArray("[1, 2]")
                                       << QStringList{"error expected a JSON object at the top, "
                                                      "with \"host\", \"logging\" and \"workers\""}
                                       << QStringList{};
        QTest::newRow("wrong setting type, the issue's own example")
            << QByteArray(R"({"workers": [
                {"name": "a", "type": "heartbeat"},
                {"name": "b", "type": "heartbeat"},
                {"name": "c", "type": "heartbeat", "settings": {"interval": "fast"}}]})")
            << QStringList{"error workers[2].settings.interval: expected a positive number of "
                           "seconds "
                           "from 0.01 to 86400, got \"fast\""}
            << QStringList{"a", "b"};
        QTest::newRow("duplicate names")
            << QByteArray(
                   R"({"workers": [{"name": "x", "type": "heartbeat"}, {"name": "x", "type": "queue"}]})")
            << QStringList{"error workers[1].name: duplicate name \"x\" (first at workers[0])"}
            << QStringList{"x"};
        QTest::newRow("unknown type")
            << QByteArray(R"({"workers": [{"name": "x", "type": "teleporter"}]})")
            << QStringList{"error workers[0].type: unknown worker type \"teleporter\"; known "
                           "types: heartbeat, "
                           "command, file-hasher, cleanup, queue, prime-counter, flaky, stubborn"}
            << QStringList{};
        QTest::newRow("unknown keys are warnings")
            << QByteArray(
                   R"({"colour": "blue", "workers": [{"name": "x", "type": "heartbeat", "settings": {"intervall": 3}}]})")
            << QStringList{"warning colour: unknown key, ignored",
                           "warning workers[0].settings.intervall: unknown key, ignored"}
            << QStringList{"x"};
        QTest::newRow("missing required setting and name")
            << QByteArray(
                   R"({"workers": [{"type": "command"}, {"name": "ok", "type": "command", "settings": {"program": "true"}}]})")
            << QStringList{"error workers[0].name: missing; expected a text",
                           "error workers[0].settings.program: missing; expected a path"}
            << QStringList{"ok"};
        QTest::newRow("host and logging values")
            << QByteArray(R"({"host": {"shutdownTimeout": -1, "stopConcurrently": "yes"},
                              "logging": {"level": "loud", "retention": 5, "levels": {"x": "chatty"}}})")
            << QStringList{"error host.shutdownTimeout: expected a positive number of seconds of "
                           "at most 3600, got -1",
                           "error host.stopConcurrently: expected true or false, got \"yes\"",
                           "error logging.level: expected one of \"trace\", \"debug\", \"info\", "
                           "\"warning\", "
                           "\"error\", \"critical\", \"off\", got \"loud\"",
                           "error logging.retention: expected a whole number from 1000 to "
                           "10000000, got 5",
                           "error logging.levels.x: expected one of \"trace\", \"debug\", "
                           "\"info\", \"warning\", "
                           "\"error\", \"critical\", \"off\", got \"chatty\""}
            << QStringList{};
        QTest::newRow("workers is not a list, an entry is not an object")
            << QByteArray(R"({"workers": {"name": "x"}})")
            << QStringList{"error workers: expected a list, got an object"} << QStringList{};
        QTest::newRow("an entry is not an object")
            << QByteArray(R"({"workers": [42, {"name": "y", "type": "flaky"}]})")
            << QStringList{"error workers[0]: expected an object, got 42"} << QStringList{"y"};
        QTest::newRow("fractional integer, bad choice, bad list")
            << QByteArray(R"({"workers": [{"name": "c", "type": "command",
                "settings": {"program": "ls", "mode": "sometimes", "arguments": ["-l", 3]}},
                {"name": "q", "type": "queue", "settings": {"capacity": 2.5}}]})")
            << QStringList{"error workers[0].settings.arguments: expected a list of texts, got a "
                           "list",
                           "error workers[0].settings.mode: expected one of \"continuous\", "
                           "\"interval\", got \"sometimes\"",
                           "error workers[1].settings.capacity: expected a whole number from 1 to "
                           "10000000, got 2.5"}
            << QStringList{};
        QTest::newRow("name with spaces around it")
            << QByteArray(R"({"workers": [{"name": " padded ", "type": "heartbeat"}]})")
            << QStringList{"error workers[0].name: expected a non-empty name without leading or "
                           "trailing spaces, "
                           "got \" padded \""}
            << QStringList{};
        QTest::newRow("huge whole number")
            << QByteArray(
                   R"({"workers": [{"name": "p", "type": "prime-counter", "settings": {"limit": 1e300}}]})")
            << QStringList{"error workers[0].settings.limit: expected a whole number from 2 to "
                           "1000000000000, got 1e+300"}
            << QStringList{};
        QTest::newRow("unknown path variable")
            << QByteArray(R"({"workers": [{"name": "h", "type": "file-hasher",
                "settings": {"directory": "${nowhere}/x", "manifest": "${temp}/m"}}]})")
            << QStringList{"error workers[0].settings.directory: unknown variable ${nowhere}; "
                           "known: ${data}, "
                           "${cache}, ${config}, ${home}, ${temp}"}
            << QStringList{};
    }

    void badFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, validWorkers);
        const ConfigLoader::Result result =
            ConfigLoader(test::standardRegistry()).parse(json, "test.json");
        QCOMPARE(messages(result), expected);
        QStringList names;
        for (const WorkerConfig &worker : result.config.workers)
            names << worker.name;
        QCOMPARE(names, validWorkers);
    }

    void defaultConfigurationIsValid()
    {
        const ConfigLoader::Result result =
            ConfigLoader(test::standardRegistry()).loadFile(ConfigLoader::defaultConfigPath());
        QVERIFY2(result.issues.isEmpty(), qPrintable(messages(result).join('\n')));
        QStringList types, names;
        for (const WorkerConfig &worker : result.config.workers) {
            types << worker.type;
            names << worker.name;
            QCOMPARE(worker.options.autostart, worker.type != "flaky" && worker.type != "stubborn");
        }
        // One worker of each type, named after its type.
        QCOMPARE(types, test::standardRegistry().typeNames());
        QCOMPARE(names, test::standardRegistry().typeNames());
        // Paths keep their variables as written: the file works on every machine.
        const QVariantMap hasher = result.config.workers[2].settings;
        QCOMPARE(hasher.value("directory").toString(), QStringLiteral("${data}"));
    }

    void serviceStopTimeoutIsReadCheckedAndSaved()
    {
        // Absent: 0, the fair share of the deadline (HostOptions' default).
        const ConfigLoader loader(test::standardRegistry());
        QCOMPARE(loader.parse(R"({"host": {}})").config.host.serviceStopTimeout, 0ms);

        const ConfigLoader::Result result =
            loader.parse(R"({"host": {"shutdownTimeout": 10, "serviceStopTimeout": 1.5}})");
        QVERIFY(result.ok());
        QCOMPARE(result.config.host.serviceStopTimeout, 1500ms);
        // Saved and read back as it was.
        const ConfigLoader::Result again = loader.parse(ConfigWriter::toJson(result.config));
        QVERIFY(again.ok());
        QCOMPARE(again.config.host.serviceStopTimeout, 1500ms);
        QCOMPARE(again.config.host.shutdownTimeout, 10000ms);

        // Below the 1 ms resolution, negative, or past an hour: refused, where and what.
        for (const char *bad : {"0.0001", "-1", "3601"}) {
            const ConfigLoader::Result refused =
                loader.parse(QByteArray(R"({"host": {"serviceStopTimeout": )") + bad + "}}");
            QVERIFY2(!refused.ok(), bad);
            QVERIFY2(refused.issues.at(0).toString().contains("host.serviceStopTimeout"),
                     qPrintable(refused.issues.at(0).toString()));
        }
    }

    void valuesAreRead()
    {
        const ConfigLoader::Result result = ConfigLoader(test::standardRegistry()).parse(R"({
            "host": {"shutdownTimeout": 2.5, "startConcurrently": true},
            "logging": {"level": "debug", "retention": 5000, "levels": {"w": "trace"}},
            "workers": [{"name": "w", "type": "command", "autostart": false, "faultPolicy": "stopHost",
                         "settings": {"program": "true", "mode": "continuous"},
                         "restart": {"initialBackoff": 0.5, "maxRestarts": 2}}]})");
        QVERIFY(result.ok());
        const Configuration &config = result.config;
        QCOMPARE(config.host.shutdownTimeout, 2500ms);
        QVERIFY(config.host.startConcurrently);
        QVERIFY(!config.host.stopConcurrently);
        QCOMPARE(config.logging.level, LogLevel::Debug);
        QCOMPARE(config.logging.retention, 5000);
        QCOMPARE(config.logging.levels.value("w"), LogLevel::Trace);
        const WorkerConfig &worker = config.workers.at(0);
        QVERIFY(!worker.options.autostart);
        QCOMPARE(worker.options.faultPolicy, FaultPolicy::StopHost);
        QVERIFY(worker.options.restartOnCompletion); // continuous commands run again
        QCOMPARE(worker.options.restart.initialBackoff, 500ms);
        QCOMPARE(worker.options.restart.maxRestarts, 2);
        QCOMPARE(worker.options.restart.maxBackoff, 60000ms); // default
        QCOMPARE(worker.settings.value("stopGrace").toDouble(), 10.0);
    }

    // A first restart may be immediate: initialBackoff 0 is read, saved and
    // read back as 0; below 0 is refused, where and what.
    void zeroInitialBackoffIsReadAndSaved()
    {
        const ConfigLoader loader(test::standardRegistry());
        const ConfigLoader::Result result = loader.parse(
            R"({"workers": [{"name": "w", "type": "heartbeat", "restart": {"initialBackoff": 0}}]})");
        QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
        QCOMPARE(result.config.workers.at(0).options.restart.initialBackoff, 0ms);
        const ConfigLoader::Result again = loader.parse(ConfigWriter::toJson(result.config));
        QVERIFY2(again.ok(), qPrintable(messages(again).join('\n')));
        QCOMPARE(again.config.workers.at(0).options.restart.initialBackoff, 0ms);

        const ConfigLoader::Result negative = loader.parse(
            R"({"workers": [{"name": "w", "type": "heartbeat", "restart": {"initialBackoff": -1}}]})");
        QCOMPARE(messages(negative),
                 QStringList{"error workers[0].restart.initialBackoff: expected a number of "
                             "seconds from 0 to 86400, got -1"});
    }

    // A worker without "restart" gets RestartPolicy's defaults, the policy the
    // window's "add worker" form gives a new worker: a first restart after 100 ms.
    void restartDefaultsAreThePolicysDefaults()
    {
        const ConfigLoader::Result result =
            ConfigLoader(test::standardRegistry())
                .parse(R"({"workers": [{"name": "w", "type": "heartbeat"}]})");
        QVERIFY(result.ok());
        const RestartPolicy &read = result.config.workers.at(0).options.restart;
        const RestartPolicy defaults;
        QCOMPARE(read.initialBackoff, 100ms);
        QCOMPARE(read.initialBackoff, defaults.initialBackoff);
        QCOMPARE(read.backoffFactor, defaults.backoffFactor);
        QCOMPARE(read.maxBackoff, defaults.maxBackoff);
        QCOMPARE(read.resetAfter, defaults.resetAfter);
        QCOMPARE(read.maxRestarts, defaults.maxRestarts);
        QCOMPARE(read.intensityWindow, defaults.intensityWindow);
    }

    void savedConfigurationReadsBackTheSameWithItsPathVariables()
    {
        const ConfigLoader loader(test::standardRegistry());
        const ConfigLoader::Result original = loader.loadFile(ConfigLoader::defaultConfigPath());
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/workhost.json");
        QCOMPARE(ConfigWriter::save(original.config, path), QString());
        const ConfigLoader::Result reread = loader.loadFile(path);
        QVERIFY2(reread.issues.isEmpty(), qPrintable(messages(reread).join('\n')));
        QCOMPARE(ConfigWriter::toJson(reread.config), ConfigWriter::toJson(original.config));

        // The variables are saved as written, not this machine's folders.
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(saved.readAll());
        QVERIFY2(text.contains(QStringLiteral("\"${data}\"")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\"${cache}/file-hasher.sha256\"")),
                 qPrintable(text));
        const QString dataFolder =
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        QVERIFY2(!text.contains(dataFolder), qPrintable(text));
    }

    void workersAreMadeWithTheirPathsExpanded()
    {
        // A type that keeps the settings its worker is made with.
        auto madeWith = std::make_shared<QVariantMap>();
        WorkerRegistry registry;
        registry.add({"probe",
                      "keeps its settings",
                      {{"directory", SettingSpec::Type::Path, {}, {}, {}, {}, "a folder"},
                       {"label", SettingSpec::Type::Text, QString(), {}, {}, {}, "a text"}},
                      [madeWith](const QString &name, const QVariantMap &settings) {
                          *madeWith = settings;
                          return std::make_unique<test::ScriptedWorker>(
                              name, test::Behaviour::WaitForStop);
                      },
                      {}});
        const ConfigLoader::Result result = ConfigLoader(registry).parse(R"({"workers": [
            {"name": "p", "type": "probe",
             "settings": {"directory": "${data}/inbox", "label": "${data}"}}]})");
        QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
        const WorkerConfig &worker = result.config.workers.at(0);
        QCOMPARE(worker.settings.value("directory").toString(), QStringLiteral("${data}/inbox"));

        Host host;
        QVERIFY(addWorker(host, worker, registry));
        const QString dataFolder =
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
        QCOMPARE(madeWith->value("directory").toString(), dataFolder + "/inbox");
        QCOMPARE(madeWith->value("label").toString(), QStringLiteral("${data}")); // not a path
        QCOMPARE(worker.settings.value("directory").toString(), QStringLiteral("${data}/inbox"));
    }

    void saveFailureSaysWhereAndLeavesNothingBehind()
    {
        // A directory where the file should go: no writer, root included, can replace it.
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        QVERIFY(QDir().mkpath(path));
        const QString error = ConfigWriter::save(Configuration(), path);
        QVERIFY2(error.startsWith(path + ": cannot"), qPrintable(error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList()); // no temporary file left
        QVERIFY(QFileInfo(path).isDir());
    }

    void unreadableFileSaysSo()
    {
        const ConfigLoader::Result result =
            ConfigLoader(test::standardRegistry()).loadFile("/nonexistent/workhost.json");
        QVERIFY(!result.ok());
        QCOMPARE(messages(result), QStringList{"error /nonexistent/workhost.json: cannot read the "
                                               "file: No such file or directory"});
    }

    // The limit is inclusive: a file of exactly maxFileBytes is read, one byte more is not.
    void fileSizeLimit_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("read");
        QTest::newRow("at the limit") << ConfigLoader::maxFileBytes << true;
        QTest::newRow("one byte over") << ConfigLoader::maxFileBytes + 1 << false;
    }

    void fileSizeLimit()
    {
        QFETCH(qint64, size);
        QFETCH(bool, read);
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray start = "{\"workers\": [], \"padding\": \"";
        file.write(start + QByteArray(size - start.size() - 2, 'x') + "\"}");
        file.close();
        QCOMPARE(file.size(), size);

        const ConfigLoader::Result result = ConfigLoader(test::standardRegistry()).loadFile(path);
        const QStringList expected =
            read ? QStringList{"warning padding: unknown key, ignored"}
                 : QStringList{QStringLiteral("error %1: the file is 4194305 bytes (4 MiB), over "
                                              "the limit of 4194304 bytes (4 MiB) for a "
                                              "configuration; it was not read")
                                   .arg(path)};
        QCOMPARE(messages(result), expected);
        QCOMPARE(result.ok(), read);
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_configloader.moc"
