// The cleanup worker: only old files matching the glob go, a dry run removes
// nothing, and every removal is logged with the bytes freed. Its defaults are
// a dry run: it deletes only once `dryRun` is set to false.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "support/standardregistry.h"
#include "workers/cleanupworker.h"
#include <workhost/config/configloader.h>
#include <workhost/runtime/hostassembly.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

void makeFile(const QString &path, int bytes, int ageDays)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(bytes, 'x'));
    file.flush(); // else closing writes, and sets the time to now
    QVERIFY(file.setFileTime(QDateTime::currentDateTime().addDays(-ageDays),
                             QFileDevice::FileModificationTime));
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

} // namespace

class TestCleanupWorker : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

    void prepare(const QString &dir)
    {
        makeFile(dir + "/old.tmp", 100, 10);
        makeFile(dir + "/older.tmp", 50, 30);
        makeFile(dir + "/fresh.tmp", 10, 0);
        makeFile(dir + "/old.keep", 10, 30);
    }

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void removesOldMatchingFiles_data()
    {
        QTest::addColumn<bool>("dryRun");
        QTest::addColumn<QStringList>("left");
        QTest::addColumn<QString>("summary");
        QTest::newRow("for real") << false << QStringList{"fresh.tmp", "old.keep"}
                                  << "removed 2 file(s), 150 bytes freed";
        QTest::newRow("dry run") << true
                                 << QStringList{"fresh.tmp", "old.keep", "old.tmp", "older.tmp"}
                                 << "would remove 2 file(s), 150 bytes would be freed";
    }

    void removesOldMatchingFiles()
    {
        QFETCH(bool, dryRun);
        QFETCH(QStringList, left);
        QFETCH(QString, summary);
        QTemporaryDir dir;
        prepare(dir.path());
        CleanupWorker::Settings settings;
        settings.directory = dir.path();
        settings.pattern = "*.tmp";
        settings.maxAge = 24h * 7;
        settings.dryRun = dryRun;
        HostRunner run(std::make_unique<CleanupWorker>("cleanup", settings));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return m_sink->contains(summary); }, 10000));
        QCOMPARE(filesIn(dir.path()), left);
        QCOMPARE(run.status().itemsDone, 2);
        QVERIFY(m_sink->contains(dir.path() + "/older.tmp (50 bytes)"));
        QVERIFY(run.stop());
    }

    // A cleanup worker as a configuration file or the window adds it: with the
    // type's defaults (every file, older than a week), it deletes nothing and
    // says what it would delete; only an explicit "dryRun": false arms it.
    void deletesOnlyOnceArmed_data()
    {
        QTest::addColumn<QVariantMap>("settings"); // besides the directory
        QTest::addColumn<QStringList>("left");
        QTest::addColumn<QString>("perFile");
        QTest::addColumn<QString>("note");

        const QStringList all{"fresh.tmp", "old.keep", "old.tmp", "older.tmp"};
        QTest::newRow("defaults") << QVariantMap() << all << "would remove"
                                  << "dry run";
        QTest::newRow("armed") << QVariantMap{{"dryRun", false}} << QStringList{"fresh.tmp"}
                               << "removed"
                               << "freed";
    }

    void deletesOnlyOnceArmed()
    {
        QFETCH(QVariantMap, settings);
        QFETCH(QStringList, left);
        QFETCH(QString, perFile);
        QFETCH(QString, note);
        QTemporaryDir dir;
        prepare(dir.path());
        settings.insert("directory", dir.path());
        const QVariantMap entry{{"name", "cleanup"}, {"type", "cleanup"}, {"settings", settings}};
        const QVariantMap file{{"workers", QVariantList{entry}}};
        const ConfigLoader::Result loaded =
            ConfigLoader(test::standardRegistry())
                .parse(QJsonDocument(QJsonObject::fromVariantMap(file)).toJson());
        QVERIFY(loaded.ok());

        Host host;
        QVERIFY(addWorker(host, loaded.config.workers.first(), test::standardRegistry()));
        host.start();
        // The note is set once the first sweep is over.
        QVERIFY(QTest::qWaitFor([&] { return !host.status("cleanup")->note.isEmpty(); }, 10000));
        QCOMPARE(filesIn(dir.path()), left);
        const QString status = host.status("cleanup")->note;
        QVERIFY2(status.contains(note), qPrintable(status));
        QVERIFY2(status.contains("3 file(s), 160 bytes"), qPrintable(status));
        for (const char *name : {"old.tmp (100 bytes)", "older.tmp (50 bytes)", "old.keep"})
            QVERIFY(m_sink->contains(perFile + " " + dir.path() + "/" + name));
        host.stop();
        QVERIFY(QTest::qWaitFor([&] { return host.state() == HostState::Stopped; }, 30000));
    }
};

QTEST_GUILESS_MAIN(TestCleanupWorker)
#include "tst_cleanupworker.moc"
