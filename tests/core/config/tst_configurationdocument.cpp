// The configuration document the window edits: where it saves, the workers
// added and removed while the host runs, and a save that reads back.

#include "support/standardregistry.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;

namespace {

QStringList workerNames(const Configuration &config)
{
    QStringList names;
    for (const WorkerConfig &worker : config.workers)
        names << worker.name;
    return names;
}

ConfigLoader::Result parse(const QByteArray &json)
{
    return ConfigLoader(test::standardRegistry()).parse(json);
}

} // namespace

class TestConfigurationDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void savesWhereItWasReadUnlessBuiltIn()
    {
        QCOMPARE(ConfigurationDocument::savePathFor(QStringLiteral("/etc/workhost.json")),
                 QStringLiteral("/etc/workhost.json"));
        QCOMPARE(ConfigurationDocument::savePathFor(ConfigLoader::defaultConfigPath()),
                 ConfigLoader::userConfigPath());
    }

    void editsFollowTheHostsWorkers()
    {
        const ConfigLoader::Result loaded = parse(R"({"workers": [
            {"name": "a", "type": "heartbeat", "settings": {"interval": 1}},
            {"name": "b", "type": "heartbeat", "settings": {"interval": 2}}]})");
        QVERIFY(loaded.ok());
        ConfigurationDocument document(loaded.config, QString());
        const ConfigLoader::Result added = parse(R"({"workers": [
            {"name": "c", "type": "heartbeat", "settings": {"interval": 3}}]})");
        document.addWorker(added.config.workers.first());
        document.removeWorker(QStringLiteral("a"));
        QCOMPARE(workerNames(document.configuration()), QStringList({"b", "c"}));
        QCOMPARE(document.worker(QStringLiteral("c"))->settings.value("interval").toDouble(), 3.0);
        QVERIFY(!document.worker(QStringLiteral("a")));
    }

    void aSaveReadsBackAsTheDocument()
    {
        const ConfigLoader::Result loaded = parse(R"({"workers": [
            {"name": "a", "type": "heartbeat", "settings": {"interval": 1}},
            {"name": "typo", "type": "heartbeat", "settings": {"interval": "fast"}}]})");
        QTemporaryDir dir;
        ConfigurationDocument document(loaded.config, dir.filePath("first.json"));
        document.setPath(dir.filePath("workhost.json"));
        document.removeWorker(QStringLiteral("a"));
        QCOMPARE(document.save(), QString());
        QVERIFY(!QFile::exists(dir.filePath("first.json")));
        const ConfigLoader::Result saved =
            ConfigLoader(test::standardRegistry()).loadFile(dir.filePath("workhost.json"));
        QCOMPARE(workerNames(saved.config), QStringList());
        QCOMPARE(saved.config.keptWorkerNames(), QStringList({"typo"})); // kept as written
    }

    void saysWhyItDidNotSave()
    {
        Configuration unreadable;
        unreadable.unreadable = QStringLiteral("syntax error");
        QTemporaryDir dir;
        const QString path = dir.filePath("workhost.json");
        const ConfigurationDocument document(unreadable, path);
        QVERIFY(document.save().startsWith(path + ": not saved: "));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestConfigurationDocument)
#include "tst_configurationdocument.moc"
