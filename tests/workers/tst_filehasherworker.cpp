// The file hasher on a real tree: a sha256sum manifest, changes reported on
// rescan, and a stop in the middle of a large file.

#include "support/hostrunner.h"
#include "support/recordingsink.h"
#include "workers/filehasherworker.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace workhost;
using namespace workhost::test;
using namespace std::chrono_literals;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

QByteArray sha256(const QByteArray &content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestFileHasherWorker : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<RecordingSink> m_sink;

private Q_SLOTS:
    void initTestCase() { m_sink = RecordingSink::installAsDefault(); }

    void writesAManifestAndReportsChanges()
    {
        QTemporaryDir dir;
        const QString tree = dir.filePath("tree");
        writeFile(tree + "/a.txt", "alpha");
        writeFile(tree + "/sub/b.txt", "beta");
        writeFile(tree + "/gone.txt", "soon gone");
        const QString manifest = dir.filePath("manifest.sha256");

        auto worker = std::make_unique<FileHasherWorker>(
            "hasher", FileHasherWorker::Settings{tree, manifest, 200ms});
        HostRunner run(std::move(worker));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return QFile::exists(manifest); }, 10000));

        QFile file(manifest);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray expected = sha256("alpha") + "  a.txt\n" + sha256("soon gone") +
                                    "  gone.txt\n" + sha256("beta") + "  sub/b.txt\n";
        QCOMPARE(file.readAll(), expected); // the format sha256sum -c reads
        QTRY_COMPARE(run.status().progress, 100);

        // Change the tree; the next scan says what changed.
        writeFile(tree + "/a.txt", "ALPHA");
        writeFile(tree + "/new.txt", "new");
        QVERIFY(QFile::remove(tree + "/gone.txt"));
        QVERIFY(QTest::qWaitFor([&] { return m_sink->contains("1 added, 1 changed, 1 removed"); },
                                10000));
        QVERIFY(m_sink->contains("[hasher] added: new.txt"));
        QVERIFY(m_sink->contains("[hasher] changed: a.txt"));
        QVERIFY(m_sink->contains("[hasher] removed: gone.txt"));
        QCOMPARE(FileHasherWorker::readManifest(manifest).value("a.txt"), sha256("ALPHA"));
        QVERIFY(run.stop());
    }

    void stopsInTheMiddleOfALargeFile()
    {
        QTemporaryDir dir;
        const QString tree = dir.filePath("tree");
        QDir().mkpath(tree);
        QFile big(tree + "/big.bin");
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(qint64(4) << 30)); // 4 GiB, sparse: takes no disk, seconds to hash
        big.close();
        const QString manifest = dir.filePath("manifest.sha256");

        HostRunner run(std::make_unique<FileHasherWorker>(
            "hasher", FileHasherWorker::Settings{tree, manifest, 60s}));
        QVERIFY(run.start());
        QVERIFY(QTest::qWaitFor([&] { return run.status().progress > 0; }, 20000));
        QVERIFY(run.status().progress < 100);

        QElapsedTimer clock;
        clock.start();
        QVERIFY(run.stop());
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(run.state(), ServiceState::Stopped);
        QVERIFY(!QFile::exists(manifest)); // nothing half-written
    }
};

QTEST_GUILESS_MAIN(TestFileHasherWorker)
#include "tst_filehasherworker.moc"
