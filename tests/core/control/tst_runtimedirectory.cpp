// The control socket's directory: made 0700 under XDG_RUNTIME_DIR (or the
// fallback in /tmp), and refused, naming the path and the reason, when it is a
// link, a file, someone else's, or open to group or others. The socket's name
// follows the configuration file, not the spelling of its path.

#include <workhost/control/runtimedirectory.h>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace workhost;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat info = {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 07777) : 0;
}

void makeDirectory(const QString &path, mode_t mode)
{
    QVERIFY(::mkdir(QFile::encodeName(path).constData(), mode) == 0);
    QVERIFY(::chmod(QFile::encodeName(path).constData(), mode) == 0);
}

// XDG_RUNTIME_DIR as the test sets it, put back afterwards.
class RuntimeVariable
{
public:
    RuntimeVariable()
        : m_had(qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"))
        , m_value(qgetenv("XDG_RUNTIME_DIR"))
    {}
    ~RuntimeVariable()
    {
        if (m_had)
            qputenv("XDG_RUNTIME_DIR", m_value);
        else
            qunsetenv("XDG_RUNTIME_DIR");
    }
    RuntimeVariable(const RuntimeVariable &) = delete;
    RuntimeVariable &operator=(const RuntimeVariable &) = delete;

private:
    const bool m_had;
    const QByteArray m_value;
};

} // namespace

class TestRuntimeDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void madeUnderXdgRuntimeDirWithMode0700()
    {
        const RuntimeVariable restore;
        QTemporaryDir runtime;
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
        QCOMPARE(RuntimeDirectory::locate(), runtime.filePath("workhost"));
        const RuntimeDirectory dir = RuntimeDirectory::prepare();
        QVERIFY2(dir.isUsable(), qPrintable(dir.error()));
        QCOMPARE(dir.path(), runtime.filePath("workhost"));
        QCOMPARE(modeOf(dir.path()), mode_t(0700));
        QVERIFY(dir.error().isEmpty());
        // A second host finds it as the first left it.
        QVERIFY(RuntimeDirectory::prepare().isUsable());
    }

    void theUmaskDoesNotLockTheOwnerOut()
    {
        QTemporaryDir runtime;
        const mode_t previous = ::umask(0277);
        const RuntimeDirectory dir = RuntimeDirectory::prepare(runtime.filePath("workhost"));
        ::umask(previous);
        QVERIFY2(dir.isUsable(), qPrintable(dir.error()));
        QCOMPARE(modeOf(dir.path()), mode_t(0700));
    }

    void unsetVariableFallsBackToTmp()
    {
        const RuntimeVariable restore;
        qunsetenv("XDG_RUNTIME_DIR");
        const QString expected = QStringLiteral("/tmp/workhost-%1").arg(::geteuid());
        QCOMPARE(RuntimeDirectory::locate(), expected);
        const RuntimeDirectory dir = RuntimeDirectory::prepare();
        QVERIFY2(dir.isUsable(), qPrintable(dir.error()));
        QCOMPARE(dir.path(), expected);
        QCOMPARE(modeOf(expected), mode_t(0700));
    }

    void groupOrOtherAccessIsRefused_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("word");
        QTest::newRow("group readable") << 0750 << "mode 0750";
        QTest::newRow("world writable") << 0707 << "mode 0707";
        QTest::newRow("sticky and open") << 01777 << "mode 1777";
        QTest::newRow("owner cannot write") << 0500 << "lacks the owner's permissions";
    }

    void groupOrOtherAccessIsRefused()
    {
        QFETCH(int, mode);
        QFETCH(QString, word);
        QTemporaryDir runtime;
        const QString path = runtime.filePath("workhost");
        makeDirectory(path, mode_t(mode));
        const RuntimeDirectory dir = RuntimeDirectory::prepare(path);
        QVERIFY(!dir.isUsable());
        QVERIFY2(dir.error().contains(path), qPrintable(dir.error()));
        QVERIFY2(dir.error().contains(word), qPrintable(dir.error()));
        QCOMPARE(modeOf(path), mode_t(mode));               // refused, never repaired
        ::chmod(QFile::encodeName(path).constData(), 0700); // so that QTemporaryDir can remove it
    }

    void symbolicLinkIsRefused()
    {
        QTemporaryDir runtime;
        const QString target = runtime.filePath("elsewhere");
        makeDirectory(target, 0700);
        const QString path = runtime.filePath("workhost");
        QVERIFY(QFile::link(target, path));
        const RuntimeDirectory dir = RuntimeDirectory::prepare(path);
        QVERIFY(!dir.isUsable());
        QVERIFY2(dir.error().contains(path + " is a symbolic link"), qPrintable(dir.error()));
    }

    void fileIsRefused()
    {
        QTemporaryDir runtime;
        const QString path = runtime.filePath("workhost");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const RuntimeDirectory dir = RuntimeDirectory::prepare(path);
        QVERIFY(!dir.isUsable());
        QVERIFY2(dir.error().contains("is not a directory"), qPrintable(dir.error()));
    }

    void anotherUsersDirectoryIsRefused()
    {
        QTemporaryDir runtime;
        QString path = QStringLiteral("/usr"); // root's, for a test that is not root
        if (::geteuid() == 0) {
            path = runtime.filePath("workhost");
            makeDirectory(path, 0700);
            QVERIFY(::chown(QFile::encodeName(path).constData(), 65534, 65534) == 0);
        }
        const RuntimeDirectory dir = RuntimeDirectory::prepare(path);
        QVERIFY(!dir.isUsable());
        QVERIFY2(dir.error().contains(path + " is owned by uid"), qPrintable(dir.error()));
        QVERIFY2(dir.error().contains(QStringLiteral("not by this user (uid %1)").arg(::geteuid())),
                 qPrintable(dir.error()));
    }

    void relativeOrMissingParentIsRefused()
    {
        const RuntimeVariable restore;
        qputenv("XDG_RUNTIME_DIR", "relative/run");
        const RuntimeDirectory relative = RuntimeDirectory::prepare();
        QVERIFY(!relative.isUsable());
        QVERIFY2(relative.error().contains("relative/run/workhost is not an absolute path"),
                 qPrintable(relative.error()));

        QTemporaryDir runtime;
        const RuntimeDirectory orphan =
            RuntimeDirectory::prepare(runtime.filePath("gone/workhost"));
        QVERIFY(!orphan.isUsable());
        QVERIFY2(orphan.error().contains("cannot be created"), qPrintable(orphan.error()));
    }

    void socketAndLockAreNamedAfterTheConfiguration()
    {
        QTemporaryDir runtime;
        const RuntimeDirectory dir = RuntimeDirectory::prepare(runtime.filePath("workhost"));
        QVERIFY(dir.isUsable());
        const QString config = runtime.filePath("a/workhost.json");
        const QString socket = dir.socketPath(config);
        const QRegularExpression shape(QStringLiteral("^workhost\\.json-[0-9a-f]{16}\\.sock$"));
        QVERIFY2(shape.match(QFileInfo(socket).fileName()).hasMatch(), qPrintable(socket));
        QCOMPARE(QFileInfo(socket).path(), dir.path());
        QCOMPARE(dir.lockPath(config), socket.chopped(5) + ".lock");
        QVERIFY(QFile::encodeName(socket).size() <= RuntimeDirectory::maxSocketPathBytes);
    }

    void sameFileSameNameOtherFileOtherName()
    {
        QTemporaryDir home;
        QVERIFY(QDir(home.path()).mkpath("a"));
        QVERIFY(QDir(home.path()).mkpath("b"));
        const QString config = home.filePath("a/workhost.json");
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(QFile::link(home.filePath("a"), home.filePath("alias")));
        const QString name = RuntimeDirectory::instanceName(config);
        QCOMPARE(RuntimeDirectory::instanceName(home.filePath("b/../a/workhost.json")), name);
        QCOMPARE(RuntimeDirectory::instanceName(home.filePath("alias/workhost.json")), name);
        QVERIFY(RuntimeDirectory::instanceName(home.filePath("b/workhost.json")) != name);
    }

    void oddFileNamesStayShortAndPlain()
    {
        const QString name =
            RuntimeDirectory::instanceName("/x/" + QString(200, QLatin1Char('y')) + " é$\n.json");
        QCOMPARE(name.size(), 32 + 1 + 16);
        QVERIFY(QRegularExpression("^[A-Za-z0-9._-]+$").match(name).hasMatch());
        QVERIFY(RuntimeDirectory::instanceName("/").startsWith("config-"));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeDirectory)
#include "tst_runtimedirectory.moc"
