// Hand-written nasty configuration files (issue #8, bad input): deep nesting,
// huge numbers, NaN, wrong types, 10 MB strings, invalid UTF-8, duplicate
// keys, empty files, byte-order marks, trailing garbage, odd worker names.
// Each row says whether the file is accepted and lists every issue exactly,
// so each error is checked for where (line and column, or JSON path) and what.

#include "support/standardregistry.h"
#include <workhost/config/configloader.h>
#include <workhost/config/workerregistry.h>

#include <QElapsedTimer>
#include <QTest>

using namespace workhost;

namespace {

constexpr qsizetype tenMegabytes = 10 * 1024 * 1024;

QStringList messages(const ConfigLoader::Result &result)
{
    QStringList out;
    for (const ConfigIssue &issue : result.issues)
        out << QStringLiteral("%1 %2").arg(issue.isError() ? "error" : "warning", issue.toString());
    return out;
}

QStringList workerNames(const ConfigLoader::Result &result)
{
    QStringList names;
    for (const WorkerConfig &worker : result.config.workers)
        names << worker.name;
    return names;
}

// {"workers": [{"name": "w", "type": TYPE, "settings": {SETTINGS}}]}
QByteArray oneWorker(const QByteArray &type, const QByteArray &settings)
{
    return R"({"workers": [{"name": "w", "type": ")" + type + R"(", "settings": {)" + settings +
           "}}]}";
}

QByteArray quoted(const QByteArray &text)
{
    return '"' + text + '"';
}

const QString syntax = QStringLiteral("JSON syntax error: ");
const QString illegalNumber =
    QStringLiteral("JSON syntax error: illegal number (JSON has no NaN or Infinity, and a number "
                   "must fit in a double: about 1e-308 to 1e308)");
const QString expectedTop =
    QStringLiteral("expected a JSON object at the top, with \"host\", \"logging\" and \"workers\"");

} // namespace

class TestConfigNasty : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nastyFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QStringList>("expected");     // every issue, in order
        QTest::addColumn<QStringList>("validWorkers"); // the workers kept

        // Deep nesting: Qt's parser stops at 1024 levels, so nothing recurses deeper.
        QTest::newRow("deep nesting: 100000 arrays, never closed")
            << R"({"workers": )" + QByteArray(100000, '[') << false
            << QStringList{"error line 1, column 1037: " + syntax + "too deeply nested document"}
            << QStringList{};
        QTest::newRow("deep nesting: 100000 arrays, closed")
            << R"({"x": )" + QByteArray(100000, '[') + QByteArray(100000, ']') + "}" << false
            << QStringList{"error line 1, column 1031: " + syntax + "too deeply nested document"}
            << QStringList{};
        QTest::newRow("deep nesting: 100000 objects")
            << QByteArray(R"({"a": )").repeated(100000) + "1" + QByteArray(100000, '}') << false
            << QStringList{"error line 1, column 6146: " + syntax + "too deeply nested document"}
            << QStringList{};
        QTest::newRow("deep nesting: 1000 arrays in settings is only an unknown key")
            << oneWorker("heartbeat", R"("deep": )" + QByteArray(1000, '[') + QByteArray(1000, ']'))
            << true << QStringList{"warning workers[0].settings.deep: unknown key, ignored"}
            << QStringList{"w"};

        // Numbers JSON cannot hold, and numbers beyond what a setting takes.
        QTest::newRow("huge number: 1e400")
            << oneWorker("heartbeat", R"("interval": 1e400)") << false
            << QStringList{"error line 1, column 74: " + illegalNumber} << QStringList{};
        QTest::newRow("huge number: -1e400")
            << oneWorker("heartbeat", R"("interval": -1e400)") << false
            << QStringList{"error line 1, column 74: " + illegalNumber} << QStringList{};
        QTest::newRow("tiny number: 1e-400")
            << oneWorker("heartbeat", R"("interval": 1e-400)") << false
            << QStringList{"error line 1, column 74: " + illegalNumber} << QStringList{};
        QTest::newRow("integer beyond int64 for an integer setting")
            << oneWorker("prime-counter", R"("limit": 123456789012345678901234567890)") << false
            << QStringList{"error workers[0].settings.limit: expected a whole number from 2 to "
                           "1000000000000, got 1.23456789012346e+29"}
            << QStringList{};
        QTest::newRow("int64 minimum for an integer setting")
            << oneWorker("prime-counter", R"("chunk": -9223372036854775808)") << false
            << QStringList{"error workers[0].settings.chunk: expected a whole number from 1000 "
                           "to 1000000000, got -9.22337203685478e+18"}
            << QStringList{};
        QTest::newRow("2^53 + 1 for an integer setting")
            << oneWorker("queue", R"("capacity": 9007199254740993)") << false
            << QStringList{"error workers[0].settings.capacity: expected a whole number from 1 "
                           "to 10000000, got 9.00719925474099e+15"}
            << QStringList{};
        QTest::newRow("1e300 seconds of age")
            << oneWorker("cleanup", R"("directory": "/tmp", "maxAge": 1e300)") << false
            << QStringList{"error workers[0].settings.maxAge: expected a positive number of "
                           "seconds of at most 3153600000, got 1e+300"}
            << QStringList{};
        QTest::newRow("1e300 seconds of shutdown")
            << QByteArray(R"({"host": {"shutdownTimeout": 1e300}})") << false
            << QStringList{"error host.shutdownTimeout: expected a positive number of seconds "
                           "of at most 3600, got 1e+300"}
            << QStringList{};
        // Durations are whole milliseconds: less than one would become 0, so it is refused.
        QTest::newRow("shutdown below a millisecond")
            << QByteArray(R"({"host": {"shutdownTimeout": 0.0001}})") << false
            << QStringList{"error host.shutdownTimeout: expected a positive number of seconds "
                           "of at most 3600, got 0.0001, below the 1 ms resolution of durations "
                           "(use at least 0.001)"}
            << QStringList{};
        QTest::newRow("shutdown of one millisecond")
            << QByteArray(R"({"host": {"shutdownTimeout": 0.001}})") << true << QStringList{}
            << QStringList{};
        QTest::newRow("restart delay below a millisecond")
            << QByteArray(R"({"workers": [{"name": "w", "type": "heartbeat", "restart": )"
                          R"({"initialBackoff": 1e-300}}]})")
            << false
            << QStringList{"error workers[0].restart.initialBackoff: expected a number of "
                           "seconds from 0 to 86400, got 1e-300, below the 1 ms resolution of "
                           "durations (use 0 or at least 0.001)"}
            << QStringList{};
        QTest::newRow("work per item below a millisecond")
            << oneWorker("queue", R"("workPerItem": 0.0009)") << false
            << QStringList{"error workers[0].settings.workPerItem: expected a positive number of "
                           "seconds from 0.001 to 3600, got 0.0009, below the 1 ms resolution of "
                           "durations (use at least 0.001)"}
            << QStringList{};
        QTest::newRow("NaN") << oneWorker("heartbeat", R"("interval": NaN)") << false
                             << QStringList{"error line 1, column 74: " + illegalNumber}
                             << QStringList{};
        QTest::newRow("Infinity") << oneWorker("heartbeat", R"("interval": Infinity)") << false
                                  << QStringList{"error line 1, column 74: " + illegalNumber}
                                  << QStringList{};
        QTest::newRow("-Infinity")
            << oneWorker("heartbeat", R"("interval": -Infinity)") << false
            << QStringList{"error line 1, column 74: " + illegalNumber} << QStringList{};

        // A wrong type for every kind of setting (SettingSpec::Type).
        QTest::newRow("wrong type: integer")
            << oneWorker("queue", R"("capacity": "ten")") << false
            << QStringList{"error workers[0].settings.capacity: expected a whole number from 1 "
                           "to 10000000, got \"ten\""}
            << QStringList{};
        QTest::newRow("wrong type: number")
            << oneWorker("queue", R"("producerRate": true)") << false
            << QStringList{"error workers[0].settings.producerRate: expected 0 or a number from "
                           "1e-06 to 100000, got true"}
            << QStringList{};
        QTest::newRow("wrong type: seconds")
            << oneWorker("heartbeat", R"("interval": [5])") << false
            << QStringList{"error workers[0].settings.interval: expected a positive number of "
                           "seconds from 0.01 to 86400, got a list"}
            << QStringList{};
        QTest::newRow("wrong type: boolean")
            << oneWorker("cleanup", R"("directory": "/tmp", "dryRun": "yes")") << false
            << QStringList{"error workers[0].settings.dryRun: expected true or false, got \"yes\""}
            << QStringList{};
        QTest::newRow("wrong type: text")
            << oneWorker("cleanup", R"("directory": "/tmp", "pattern": 5)") << false
            << QStringList{"error workers[0].settings.pattern: expected a text, got 5"}
            << QStringList{};
        QTest::newRow("wrong type: optional path")
            << oneWorker("command", R"("program": "ls", "workingDirectory": 5)") << false
            << QStringList{"error workers[0].settings.workingDirectory: expected a path, got 5"}
            << QStringList{};
        QTest::newRow("empty required path")
            << oneWorker("command", R"("program": "")") << false
            << QStringList{"error workers[0].settings.program: expected a path, got \"\""}
            << QStringList{};
        QTest::newRow("empty optional path: not set")
            << oneWorker("command", R"("program": "ls", "workingDirectory": "")") << true
            << QStringList{} << QStringList{"w"};
        QTest::newRow("wrong type: path")
            << oneWorker("command", R"("program": null)") << false
            << QStringList{"error workers[0].settings.program: expected a path, got null"}
            << QStringList{};
        QTest::newRow("wrong type: list of texts")
            << oneWorker("command", R"("program": "ls", "arguments": "-l")") << false
            << QStringList{"error workers[0].settings.arguments: expected a list of texts, got "
                           "\"-l\""}
            << QStringList{};
        QTest::newRow("wrong type: object of texts")
            << oneWorker("command", R"("program": "ls", "environment": {"A": {}})") << false
            << QStringList{"error workers[0].settings.environment: expected an object of texts, "
                           "got an object"}
            << QStringList{};
        QTest::newRow("wrong type: choice")
            << oneWorker("command", R"("program": "ls", "mode": 1)") << false
            << QStringList{"error workers[0].settings.mode: expected one of \"continuous\", "
                           "\"interval\", got 1"}
            << QStringList{};
        QTest::newRow("wrong type: object")
            << QByteArray(R"({"workers": [{"name": "w", "type": "heartbeat", "settings": []}]})")
            << false << QStringList{"error workers[0].settings: expected an object, got a list"}
            << QStringList{};
        QTest::newRow("wrong type: list")
            << QByteArray(R"({"workers": "heartbeat"})") << false
            << QStringList{"error workers: expected a list, got \"heartbeat\""} << QStringList{};
        QTest::newRow("wrong type: a worker that is not an object")
            << QByteArray(R"({"workers": [null, "w", {"name": "ok", "type": "heartbeat"}]})")
            << false
            << QStringList{"error workers[0]: expected an object, got null",
                           "error workers[1]: expected an object, got \"w\""}
            << QStringList{"ok"};

        // 10 MB strings: read, and quoted shortened in messages and paths.
        const QByteArray huge(tenMegabytes, 'a');
        const QString hugeShown = QStringLiteral("\"%1...\"").arg(QString(37, 'a'));
        QTest::newRow("10 MB string for a number")
            << oneWorker("heartbeat", R"("interval": )" + quoted(huge)) << false
            << QStringList{"error workers[0].settings.interval: expected a positive number of "
                           "seconds from 0.01 to 86400, got " +
                           hugeShown}
            << QStringList{};
        QTest::newRow("10 MB string for a text")
            << oneWorker("cleanup", R"("directory": "/tmp/x", "pattern": )" + quoted(huge)) << true
            << QStringList{} << QStringList{"w"};
        QTest::newRow("10 MB string for a path")
            << oneWorker("command", R"("program": "ls", "workingDirectory": )" + quoted(huge))
            << true << QStringList{} << QStringList{"w"};
        QTest::newRow("10 MB key") << oneWorker("heartbeat", quoted(huge) + ": 1") << true
                                   << QStringList{"warning workers[0].settings." +
                                                  QString(37, 'a') + "...: unknown key, ignored"}
                                   << QStringList{"w"};

        // Invalid UTF-8: rejected where it is, columns counted in characters.
        QTest::newRow("invalid UTF-8 in a value")
            << QByteArray("{\"workers\": [{\"name\": \"caf\xc3\xa9\xff\"}]}") << false
            << QStringList{"error line 1, column 28: " + syntax + "invalid UTF8 string"}
            << QStringList{};
        QTest::newRow("invalid UTF-8 in a key")
            << QByteArray("{\"host\": {\"\xfe\": 1}}") << false
            << QStringList{"error line 1, column 12: " + syntax + "invalid UTF8 string"}
            << QStringList{};
        QTest::newRow("overlong UTF-8 for a slash")
            << QByteArray("{\"x\": \"\xc0\xaf\"}") << false
            << QStringList{"error line 1, column 8: " + syntax + "invalid UTF8 string"}
            << QStringList{};
        QTest::newRow("UTF-8 of a surrogate")
            << QByteArray("{\"x\": \"\xed\xa0\x80\"}") << false
            << QStringList{"error line 1, column 8: " + syntax + "invalid UTF8 string"}
            << QStringList{};
        QTest::newRow("UTF-8 cut short at the end of the file")
            << QByteArray("{\"x\": \"\xe2\x82") << false
            << QStringList{"error line 1, column 8: " + syntax + "invalid UTF8 string"}
            << QStringList{};
        QTest::newRow("a line further down, after a multi-byte character")
            << QByteArray("{\n  \"x\": \"\xe2\x82\xac\",\n  \"y\": \"\xe2\x82\xac\xff\"\n}")
            << false << QStringList{"error line 3, column 10: " + syntax + "invalid UTF8 string"}
            << QStringList{};

        // Duplicate keys: JSON readers keep the last one silently; the loader says so.
        QTest::newRow("duplicate key at the top")
            << QByteArray("{\n  \"host\": {\"shutdownTimeout\": 1},\n"
                          "  \"host\": {\"shutdownTimeout\": 2}\n}")
            << false
            << QStringList{"error host: duplicate key at line 3, column 3 (first at line 2, "
                           "column 3)"}
            << QStringList{};
        QTest::newRow("duplicate key in a worker, the others kept")
            << QByteArray(R"({"workers": [{"name": "a", "type": "heartbeat"},
                {"name": "b", "type": "heartbeat", "name": "c"},
                {"name": "d", "type": "queue"}]})")
            << false
            << QStringList{"error workers[1].name: duplicate key at line 2, column 52 (first at "
                           "line 2, column 18)"}
            << QStringList{"a", "d"};
        QTest::newRow("duplicate key in settings")
            << oneWorker("heartbeat", R"("interval": 1, "interval": 2)") << false
            << QStringList{"error workers[0].settings.interval: duplicate key at line 1, column "
                           "77 (first at line 1, column 62)"}
            << QStringList{};
        QTest::newRow("duplicate key written with an escape")
            << QByteArray(R"({"workers": [{"name": "a", "na\u006de": "b", "type": "flaky"}]})")
            << false
            << QStringList{"error workers[0].name: duplicate key at line 1, column 28 (first at "
                           "line 1, column 15)"}
            << QStringList{};
        QByteArray tenth = "{\"workers\": [";
        for (int i = 0; i < 10; ++i)
            tenth += QStringLiteral(R"({"name": "w%1", "type": "heartbeat"}, )").arg(i).toUtf8();
        QTest::newRow("duplicate key in the restart policy of the eleventh worker")
            << tenth + R"({"name": "x", "type": "flaky", "restart": {"factor": 2, "factor": 3}}]})"
            << false
            << QStringList{"error workers[10].restart.factor: duplicate key at line 1, column 440 "
                           "(first at line 1, column 427)"}
            << QStringList{"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"};
        QTest::newRow("duplicate key in logging levels")
            << QByteArray(R"({"logging": {"levels": {"w": "info", "w": "debug"}}})") << false
            << QStringList{"error logging.levels.w: duplicate key at line 1, column 38 (first "
                           "at line 1, column 25)"}
            << QStringList{};
        QTest::newRow("same key in two objects is no duplicate")
            << QByteArray(R"({"workers": [{"name": "a", "type": "heartbeat", "settings": {}},
                {"name": "b", "type": "heartbeat", "settings": {}}]})")
            << true << QStringList{} << QStringList{"a", "b"};
        QTest::newRow("duplicate key deep in an unknown key, after a list")
            << QByteArray(R"({"x": [{}, {"y": [1, {"z": 1, "z": 2}]}]})") << false
            << QStringList{"error x[1].y[1].z: duplicate key at line 1, column 31 (first at line "
                           "1, column 23)",
                           "warning x: unknown key, ignored"}
            << QStringList{};

        // Empty files, byte-order marks, trailing garbage, something else at the top.
        QTest::newRow("empty file")
            << QByteArray() << false << QStringList{"error empty file; " + expectedTop}
            << QStringList{};
        QTest::newRow("only white space")
            << QByteArray(" \n\t\r\n ") << false << QStringList{"error empty file; " + expectedTop}
            << QStringList{};
        QTest::newRow("only a byte-order mark")
            << QByteArray("\xef\xbb\xbf") << false
            << QStringList{"error empty file; " + expectedTop} << QStringList{};
        QTest::newRow("byte-order mark, then a valid file")
            << QByteArray("\xef\xbb\xbf{\"workers\": [{\"name\": \"w\", \"type\": \"heartbeat\"}]}")
            << true << QStringList{} << QStringList{"w"};
        QTest::newRow("byte-order mark is not a column")
            << QByteArray("\xef\xbb\xbf{\"workers\": 1e400}") << false
            << QStringList{"error line 1, column 13: " + illegalNumber} << QStringList{};
        QTest::newRow("trailing garbage") << QByteArray("{\"workers\": []}\n// done") << false
                                          << QStringList{"error line 2, column 1: " + syntax +
                                                         "garbage at the end of the document"}
                                          << QStringList{};
        QTest::newRow("two objects") << QByteArray("{}{}") << false
                                     << QStringList{"error line 1, column 3: " + syntax +
                                                    "garbage at the end of the document"}
                                     << QStringList{};
        QTest::newRow("trailing NUL byte") << QByteArray("{}\0", 3) << false
                                           << QStringList{"error line 1, column 3: " + syntax +
                                                          "garbage at the end of the document"}
                                           << QStringList{};
        QTest::newRow("a list at the top")
            << QByteArray("[]") << false << QStringList{"error " + expectedTop} << QStringList{};
        QTest::newRow("a text at the top") << QByteArray(" \"workhost\"") << false
                                           << QStringList{"error " + expectedTop} << QStringList{};
        QTest::newRow("a number at the top")
            << QByteArray("42") << false << QStringList{"error " + expectedTop} << QStringList{};
        QTest::newRow("an empty object is a valid, empty configuration")
            << QByteArray("{}") << true << QStringList{} << QStringList{};

        // Worker names.
        QTest::newRow("name: empty")
            << QByteArray(R"({"workers": [{"name": "", "type": "heartbeat"}]})") << false
            << QStringList{"error workers[0].name: expected a non-empty name without leading or "
                           "trailing spaces, got \"\""}
            << QStringList{};
        QTest::newRow("name: missing")
            << QByteArray(R"({"workers": [{"type": "heartbeat"}]})") << false
            << QStringList{"error workers[0].name: missing; expected a text"} << QStringList{};
        QTest::newRow("name: a number")
            << QByteArray(R"({"workers": [{"name": 7, "type": "heartbeat"}]})") << false
            << QStringList{"error workers[0].name: expected a text, got 7"} << QStringList{};
        QTest::newRow("name: duplicated, the first kept")
            << QByteArray(R"({"workers": [{"name": "w", "type": "heartbeat"},
                                          {"name": "w", "type": "queue"}]})")
            << false
            << QStringList{"error workers[1].name: duplicate name \"w\" (first at workers[0])"}
            << QStringList{"w"};
        QTest::newRow("name: 10 MB")
            << R"({"workers": [{"name": )" + quoted(huge) + R"(, "type": "heartbeat"}]})" << false
            << QStringList{"error workers[0].name: expected a name of at most 64 characters, got "
                           "10485760 characters"}
            << QStringList{};
        QTest::newRow("name: 64 characters is enough")
            << R"({"workers": [{"name": )" + quoted(QByteArray(64, 'n')) +
                   R"(, "type": "heartbeat"}]})"
            << true << QStringList{} << QStringList{QString(64, 'n')};
        QTest::newRow("name: 65 characters")
            << R"({"workers": [{"name": )" + quoted(QByteArray(65, 'n')) +
                   R"(, "type": "heartbeat"}]})"
            << false
            << QStringList{"error workers[0].name: expected a name of at most 64 characters, got "
                           "65 characters"}
            << QStringList{};
        QTest::newRow("name: a line break")
            << QByteArray(R"({"workers": [{"name": "a\nb", "type": "heartbeat"}]})") << false
            << QStringList{"error workers[0].name: expected a name without control characters "
                           "(such as a line break), got \"a\\nb\""}
            << QStringList{};
        QTest::newRow("name: a NUL character")
            << QByteArray(R"({"workers": [{"name": "a\u0000", "type": "heartbeat"}]})") << false
            << QStringList{"error workers[0].name: expected a name without control characters "
                           "(such as a line break), got \"a\\u0000\""}
            << QStringList{};
        QTest::newRow("name: not ASCII is fine")
            << QByteArray(
                   "{\"workers\": [{\"name\": \"caf\xc3\xa9 \\u2603\", \"type\": \"queue\"}]}")
            << true << QStringList{} << QStringList{QStringLiteral("caf\u00e9 \u2603")};
        QTest::newRow("type: 10 MB")
            << R"({"workers": [{"name": "w", "type": )" + quoted(huge) + "}]}" << false
            << QStringList{"error workers[0].type: unknown worker type " + hugeShown +
                           "; known types: heartbeat, command, file-hasher, cleanup, queue, "
                           "prime-counter, flaky, stubborn"}
            << QStringList{};

        QByteArray tooMany = "{\"workers\": [";
        QStringList thousand;
        for (int i = 0; i < ConfigLoader::maxWorkers + 2; ++i) {
            tooMany += QStringLiteral(R"({"name": "w%1", "type": "heartbeat"},)").arg(i).toUtf8();
            if (i < ConfigLoader::maxWorkers)
                thousand << QStringLiteral("w%1").arg(i);
        }
        tooMany.chop(1);
        QTest::newRow("1002 workers: the first 1000 kept")
            << tooMany + "]}" << false
            << QStringList{"error workers[1000]: more than 1000 workers: this one and the 1 "
                           "after it are left out"}
            << thousand;

        // A file of a thousand bad workers: the first problems, then a count.
        QStringList firstHundred;
        for (int i = 0; i < 50; ++i) {
            firstHundred
                << QStringLiteral("error workers[%1].name: missing; expected a text").arg(i)
                << QStringLiteral("error workers[%1].type: missing; expected a text").arg(i);
        }
        QTest::newRow("2000 problems: 100 listed, then how many more")
            << "{\"workers\": [" + QByteArray("{},").repeated(999) + "{}]}" << false
            << firstHundred + QStringList{"error 1900 more problem(s) not listed"} << QStringList{};
    }

    void nastyFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, accepted);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, validWorkers);
        const ConfigLoader::Result result =
            ConfigLoader(test::standardRegistry()).parse(json, "nasty.json");
        QCOMPARE(messages(result), expected);
        QCOMPARE(result.ok(), accepted);
        QCOMPARE(workerNames(result), validWorkers);
    }

    // Big files are read in bounded time: linear, whatever they hold.
    void tenMegabyteFilesInBoundedTime_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<qsizetype>("workers"); // kept

        // As many workers as a file may hold, each with 11 KB of arguments.
        const QByteArray arguments = '"' + QByteArray(11 * 1024, 'a') + '"';
        QByteArray most = "{\"workers\": [";
        for (int i = 0; i < ConfigLoader::maxWorkers; ++i) {
            most += QStringLiteral(R"({"name": "w%1", "type": "command", "settings": )"
                                   R"({"program": "echo", "arguments": [%2]}},)")
                        .arg(i)
                        .arg(QString::fromLatin1(arguments))
                        .toUtf8();
        }
        most.chop(1);
        QTest::newRow("1000 valid workers")
            << most + "]}" << true << qsizetype(ConfigLoader::maxWorkers);

        QByteArray many = "{\"workers\": [";
        for (int i = 0; many.size() < tenMegabytes; ++i)
            many += QStringLiteral(R"({"name": "w%1", "type": "heartbeat"},)").arg(i).toUtf8();
        many.chop(1);
        QTest::newRow("250000 workers: the first 1000 kept")
            << many + "]}" << false << qsizetype(ConfigLoader::maxWorkers);

        const QByteArray bad =
            "{\"workers\": [" + QByteArray("{},").repeated(tenMegabytes / 3) + "{}]}";
        QTest::newRow("3.5 million empty workers") << bad << false << qsizetype(0);

        const QByteArray repeated =
            "{" + QByteArray(R"("k": 1, )").repeated(tenMegabytes / 8) + R"("k": 1})";
        QTest::newRow("one key repeated 1.3 million times") << repeated << false << qsizetype(0);

        QTest::newRow("one 10 MB string")
            << R"({"x": )" + quoted(QByteArray(tenMegabytes, 'x')) + "}" << true << qsizetype(0);
    }

    void tenMegabyteFilesInBoundedTime()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, accepted);
        QFETCH(qsizetype, workers);
        QVERIFY(json.size() >= tenMegabytes);
        QElapsedTimer timer;
        timer.start();
        const ConfigLoader::Result result =
            ConfigLoader(test::standardRegistry()).parse(json, "big.json");
        const qint64 elapsed = timer.elapsed();
        qInfo("%lld ms for %lld bytes", elapsed, qint64(json.size()));
        // Generous, for sanitizers on a busy machine (the slowest row takes about 20 s
        // under ASan there); a quadratic pass takes hours.
        QVERIFY2(elapsed < 60000, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
        QCOMPARE(result.ok(), accepted);
        QCOMPARE(result.config.workers.size(), workers);
        QVERIFY(result.issues.size() <= ConfigLoader::maxListedIssues + 1);
    }
};

QTEST_GUILESS_MAIN(TestConfigNasty)
#include "tst_confignasty.moc"
