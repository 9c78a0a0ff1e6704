// The lock that keeps one host per log directory (or per configuration file,
// onFile()): taken once, refused to a
// second holder with the first one's pid, released with its holder, never
// blocked by a stale file, never kept alive by a child process.

#include <workhost/runtime/instancelock.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <unistd.h>

using namespace workhost;

namespace {

QByteArray contentOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray ownPidLine()
{
    return QByteArray::number(qint64(::getpid())) + '\n';
}

} // namespace

class TestInstanceLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstHolderWritesItsPid()
    {
        QTemporaryDir home;
        const QString logs = home.filePath("data/logs"); // created on the way
        const InstanceLock lock(logs);
        QCOMPARE(lock.outcome(), InstanceLock::Outcome::Acquired);
        QCOMPARE(lock.directory(), logs);
        QCOMPARE(lock.filePath(), logs + "/workhost.lock");
        QCOMPARE(contentOf(lock.filePath()), ownPidLine());
    }

    void secondHolderLearnsTheFirstsPid()
    {
        QTemporaryDir home;
        const InstanceLock first(home.path());
        const InstanceLock second(home.path());
        QCOMPARE(second.outcome(), InstanceLock::Outcome::HeldByOther);
        QCOMPARE(second.otherPid(), qint64(::getpid()));
        QCOMPARE(first.outcome(), InstanceLock::Outcome::Acquired);
        QCOMPARE(contentOf(first.filePath()), ownPidLine()); // the refused one wrote nothing
    }

    // One host per configuration: the lock file beside its control socket,
    // for the user alone.
    void aGivenFileIsLockedTheSameWay()
    {
        QTemporaryDir home;
        const QString path = home.filePath("workhost.json-0123456789abcdef.lock");
        const InstanceLock first = InstanceLock::onFile(path);
        QCOMPARE(first.outcome(), InstanceLock::Outcome::Acquired);
        QCOMPARE(first.filePath(), path);
        QCOMPARE(first.directory(), home.path());
        QCOMPARE(contentOf(path), ownPidLine());
        QCOMPARE(QFile::permissions(path) & 0x0077,
                 QFileDevice::Permissions()); // no group, no other
        const InstanceLock second = InstanceLock::onFile(path);
        QCOMPARE(second.outcome(), InstanceLock::Outcome::HeldByOther);
        QCOMPARE(second.otherPid(), qint64(::getpid()));
    }

    void releasedWithItsHolder()
    {
        QTemporaryDir home;
        auto first = std::make_unique<InstanceLock>(home.path());
        QCOMPARE(first->outcome(), InstanceLock::Outcome::Acquired);
        first.reset();
        const InstanceLock next(home.path());
        QCOMPARE(next.outcome(), InstanceLock::Outcome::Acquired);
    }

    // A host that died leaves its pid in the file, longer than ours here.
    void staleFileDoesNotBlock()
    {
        QTemporaryDir home;
        QFile stale(home.filePath("workhost.lock"));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("4194304999\n");
        stale.close();
        const InstanceLock lock(home.path());
        QCOMPARE(lock.outcome(), InstanceLock::Outcome::Acquired);
        QCOMPARE(contentOf(lock.filePath()), ownPidLine());
    }

    // Children (command workers) must not inherit the lock: one that outlives
    // the host would keep every later host out.
    void childDoesNotKeepTheLock()
    {
        QTemporaryDir home;
        auto lock = std::make_unique<InstanceLock>(home.path());
        QProcess child;
        child.start("sleep", {"30"});
        QVERIFY(child.waitForStarted());
        lock.reset();
        const InstanceLock next(home.path());
        QCOMPARE(next.outcome(), InstanceLock::Outcome::Acquired);
        child.kill();
        QVERIFY(child.waitForFinished());
    }

    // A file where the directory should be: no lock, and a reason to say.
    void unusableDirectoryIsUnavailable()
    {
        QTemporaryDir home;
        QFile blocker(home.filePath("logs"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const InstanceLock lock(home.filePath("logs"));
        QCOMPARE(lock.outcome(), InstanceLock::Outcome::Unavailable);
        QVERIFY(!lock.error().isEmpty());
        QCOMPARE(lock.otherPid(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestInstanceLock)
#include "tst_instancelock.moc"
