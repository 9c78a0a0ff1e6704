// Saving a configuration loses nothing the person wrote: entries that did not
// validate are written back as they were, in their place, and a file the
// loader would refuse, or could not read, is never written or overwritten.

#include "support/configmessages.h"
#include "support/standardregistry.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configwriter.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// The value at "workers/1/settings/interval" (keys and list indexes), or undefined.
QJsonValue valueAt(const QByteArray &json, const QString &path)
{
    QJsonValue value = QJsonDocument::fromJson(json).object();
    for (const QString &step : path.split(QLatin1Char('/'))) {
        bool isIndex = false;
        const int index = step.toInt(&isIndex);
        value = isIndex ? value.toArray().at(index) : value.toObject().value(step);
    }
    return value;
}

QStringList workerNames(const QByteArray &json)
{
    QStringList names;
    const QJsonArray workers = valueAt(json, "workers").toArray();
    for (const QJsonValue &worker : workers)
        names << worker.toObject().value("name").toString();
    return names;
}

// One typo in a file of several workers, and an invalid host value.
const QByteArray fileWithMistakes = R"({
    "host": {"shutdownTimeout": -5, "stopConcurrently": true},
    "workers": [
        {"name": "first", "type": "heartbeat", "settings": {"interval": 1}},
        {"name": "typo", "type": "heartbeat", "autostart": false,
         "settings": {"interval": "fast", "note": [1, {"x": null}]}},
        {"name": "last", "type": "heartbeat", "settings": {"interval": 2}}
    ]
})";

} // namespace

class TestConfigWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invalidEntriesSurviveASave()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        QVERIFY(writeFile(path, fileWithMistakes));
        const ConfigLoader loader(test::standardRegistry());
        const ConfigLoader::Result loaded = loader.loadFile(path);
        QCOMPARE(loaded.config.workers.size(), 2);
        QVERIFY(!loaded.ok());

        QCOMPARE(ConfigWriter::save(loaded.config, path), QString());
        const QByteArray saved = readFile(path);
        // The invalid entries, exactly as written, the worker in its place.
        QCOMPARE(workerNames(saved), QStringList({"first", "typo", "last"}));
        QCOMPARE(valueAt(saved, "workers/1"), valueAt(fileWithMistakes, "workers/1"));
        QCOMPARE(valueAt(saved, "host/shutdownTimeout"), QJsonValue(-5));
        QCOMPARE(valueAt(saved, "host/stopConcurrently"), QJsonValue(true));

        // Read again: the same problems, the same valid workers; saved again: the same file.
        const ConfigLoader::Result reread = loader.loadFile(path);
        QCOMPARE(messages(reread), messages(loaded));
        QCOMPARE(ConfigWriter::toJson(reread.config), ConfigWriter::toJson(loaded.config));
        QCOMPARE(ConfigWriter::save(reread.config, path), QString());
        QCOMPARE(readFile(path), saved);
    }

    // Each kind of entry the loader does not use comes back from a save as written.
    void everyUnusedEntryIsKept_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");

        QTest::newRow("invalid host value")
            << QByteArray(R"({"host": {"shutdownTimeout": "soon"}})") << "host/shutdownTimeout";
        QTest::newRow("unknown host key (a typo)")
            << QByteArray(R"({"host": {"shutdownTimout": 5}})") << "host/shutdownTimout";
        QTest::newRow("host that is not an object") << QByteArray(R"({"host": [1, 2]})") << "host";
        QTest::newRow("invalid logging value")
            << QByteArray(R"({"logging": {"retention": 5}})") << "logging/retention";
        QTest::newRow("invalid log level of a worker")
            << QByteArray(R"({"logging": {"levels": {"a": "loud", "b": "debug"}}})")
            << "logging/levels/a";
        QTest::newRow("unknown top-level key")
            << QByteArray(R"({"comment": {"why": "kept"}, "workers": []})") << "comment";
        QTest::newRow("worker that is not an object")
            << QByteArray(R"({"workers": ["heartbeat"]})") << "workers/0";
        QTest::newRow("worker of an unknown type")
            << QByteArray(R"({"workers": [{"name": "x", "type": "hartbeat"}]})") << "workers/0";
        QTest::newRow("worker with a duplicate name")
            << QByteArray(R"({"workers": [{"name": "x", "type": "heartbeat"},
                                          {"name": "x", "type": "flaky"}]})")
            << "workers/1";
        QTest::newRow("unknown key of a valid worker")
            << QByteArray(R"({"workers": [{"name": "x", "type": "heartbeat", "colour": "red"}]})")
            << "workers/0/colour";
        QTest::newRow("unknown setting of a valid worker")
            << QByteArray(R"({"workers": [{"name": "x", "type": "heartbeat",
                                           "settings": {"intervall": 3}}]})")
            << "workers/0/settings/intervall";
        QTest::newRow("unknown restart key of a valid worker")
            << QByteArray(R"({"workers": [{"name": "x", "type": "heartbeat",
                                           "restart": {"jitter": 0.5}}]})")
            << "workers/0/restart/jitter";
    }

    void everyUnusedEntryIsKept()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        const ConfigLoader loader(test::standardRegistry());
        const ConfigLoader::Result loaded = loader.parse(json);
        QVERIFY(!loaded.issues.isEmpty());

        const QByteArray saved = ConfigWriter::toJson(loaded.config);
        QVERIFY2(!valueAt(json, path).isUndefined(), "the row's path is in its file");
        QCOMPARE(valueAt(saved, path), valueAt(json, path));
        QCOMPARE(messages(loader.parse(saved)), messages(loaded));
    }

    void keptWorkersStayBesideTheWorkersTheyFollowed()
    {
        const ConfigLoader::Result loaded =
            ConfigLoader(test::standardRegistry()).parse(fileWithMistakes);
        Configuration config = loaded.config;
        // Removed in the window: the worker kept after it goes to the end, not lost.
        config.workers.removeFirst();
        QCOMPARE(workerNames(ConfigWriter::toJson(config)), QStringList({"last", "typo"}));
        config = loaded.config;
        config.workers.removeLast();
        WorkerConfig added = loaded.config.workers.last();
        added.name = "added";
        config.workers.append(added);
        QCOMPARE(workerNames(ConfigWriter::toJson(config)),
                 QStringList({"first", "typo", "added"}));
    }

    void savesNoFileTheLoaderWouldRefuse()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        QVERIFY(writeFile(path, "{}"));
        Configuration config;
        WorkerConfig big{"big", "heartbeat", true, {}, {}};
        big.settings.insert("note", QString(ConfigLoader::maxFileBytes, QLatin1Char('x')));
        config.workers.append(big);

        const QString error = ConfigWriter::save(config, path);
        QVERIFY2(error.startsWith(path + ": not saved: "), qPrintable(error));
        QVERIFY2(error.contains("over the limit of 4194304 bytes"), qPrintable(error));
        QCOMPARE(readFile(path), QByteArray("{}"));
    }

    // A file that could not be read at all is not kept anywhere: saving over
    // it would replace all of it with an empty configuration.
    void doesNotOverwriteAFileThatCouldNotBeRead_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("syntax error")
            << QByteArray(R"({"workers": [{"name": "a", "type": "heartbeat"},]})");
        QTest::newRow("a list at the top") << QByteArray(R"([{"name": "a"}])");
        QTest::newRow("not JSON") << QByteArray("workers: a, b");
        QTest::newRow("too large")
            << QByteArray("{\"x\": \"") + QByteArray(ConfigLoader::maxFileBytes, 'x') + "\"}";
    }

    void doesNotOverwriteAFileThatCouldNotBeRead()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        QVERIFY(writeFile(path, content));
        const ConfigLoader::Result loaded = ConfigLoader(test::standardRegistry()).loadFile(path);
        QVERIFY(!loaded.ok());

        const QString error = ConfigWriter::save(loaded.config, path);
        QVERIFY2(error.startsWith(path + ": not saved: "), qPrintable(error));
        QCOMPARE(readFile(path), content);
    }

    void aMissingFileIsCreated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("new.json");
        const ConfigLoader loader(test::standardRegistry());
        const ConfigLoader::Result loaded = loader.loadFile(path);
        QVERIFY(!loaded.ok()); // "cannot read the file": there is none yet
        QCOMPARE(ConfigWriter::save(loaded.config, path), QString());
        QVERIFY(loader.loadFile(path).ok());
    }
};

QTEST_GUILESS_MAIN(TestConfigWriter)
#include "tst_configwriter.moc"
