// The cleanup worker: only old files matching the glob go, a dry run removes
// nothing, and every removal is logged with the bytes freed.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "workers/cleanupworker.h"

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
};

QTEST_GUILESS_MAIN(TestCleanupWorker)
#include "tst_cleanupworker.moc"
