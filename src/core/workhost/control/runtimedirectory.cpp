#include <workhost/control/runtimedirectory.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

namespace workhost {

namespace {

// The readable part of a socket's name stays short: sun_path is 108 bytes.
constexpr qsizetype maxReadableNameLength = 32;
constexpr qsizetype hashHexDigits = 16;

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Why the directory at `native` may not hold a control socket; empty when it may.
QString refusalOf(const QByteArray &native)
{
    struct stat info = {};
    if (::lstat(native.constData(), &info) != 0)
        return QStringLiteral("cannot be examined: %1").arg(systemError(errno));
    if (S_ISLNK(info.st_mode))
        return QStringLiteral("is a symbolic link; it must be a real directory");
    if (!S_ISDIR(info.st_mode))
        return QStringLiteral("is not a directory");
    if (info.st_uid != ::geteuid())
        return QStringLiteral("is owned by uid %1, not by this user (uid %2)")
            .arg(info.st_uid)
            .arg(::geteuid());
    const auto mode = info.st_mode & 07777;
    if ((mode & 077) != 0)
        return QStringLiteral("is open to group or others (mode %1); it must be 0700")
            .arg(mode, 4, 8, QLatin1Char('0'));
    if ((mode & 0700) != 0700)
        return QStringLiteral("lacks the owner's permissions (mode %1); it must be 0700")
            .arg(mode, 4, 8, QLatin1Char('0'));
    return {};
}

QString readableName(const QString &fileName)
{
    QString name = fileName.left(maxReadableNameLength);
    for (QChar &c : name) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                           c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_');
        if (!plain)
            c = QLatin1Char('_');
    }
    return name.isEmpty() ? QStringLiteral("config") : name;
}

} // namespace

RuntimeDirectory::RuntimeDirectory(const QString &path, const QString &error)
    : m_path(path)
    , m_error(error)
{}

QString RuntimeDirectory::locate()
{
    const QString xdg = QFile::decodeName(qgetenv("XDG_RUNTIME_DIR"));
    if (!xdg.isEmpty())
        return QDir::cleanPath(xdg + QStringLiteral("/workhost"));
    return QStringLiteral("/tmp/workhost-%1").arg(::geteuid());
}

RuntimeDirectory RuntimeDirectory::prepare()
{
    return prepare(locate());
}

RuntimeDirectory RuntimeDirectory::prepare(const QString &path)
{
    const QString clean = QDir::cleanPath(path);
    const auto refuse = [&](const QString &why) {
        return RuntimeDirectory(clean, QStringLiteral("runtime directory %1 %2").arg(clean, why));
    };
    if (!QDir::isAbsolutePath(clean))
        return refuse(QStringLiteral("is not an absolute path (check XDG_RUNTIME_DIR)"));
    const QByteArray native = QFile::encodeName(clean);
    if (::mkdir(native.constData(), 0700) == 0) {
        // Ours, just made: undo what the umask took from the owner's bits.
        if (::chmod(native.constData(), 0700) != 0)
            return refuse(QStringLiteral("cannot be made mode 0700: %1").arg(systemError(errno)));
    } else if (errno != EEXIST) {
        return refuse(QStringLiteral("cannot be created: %1").arg(systemError(errno)));
    }
    const QString refusal = refusalOf(native);
    return refusal.isEmpty() ? RuntimeDirectory(clean, {}) : refuse(refusal);
}

QString RuntimeDirectory::instanceName(const QString &configPath)
{
    const QFileInfo info(configPath);
    QString canonical = info.canonicalFilePath(); // empty for a file that does not exist
    if (canonical.isEmpty())
        canonical = QDir::cleanPath(info.absoluteFilePath());
    const QByteArray hash =
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex();
    return readableName(info.fileName()) + QLatin1Char('-') +
           QString::fromLatin1(hash.left(hashHexDigits));
}

QString RuntimeDirectory::socketPath(const QString &configPath) const
{
    return m_path + QLatin1Char('/') + instanceName(configPath) + QStringLiteral(".sock");
}

QString RuntimeDirectory::lockPath(const QString &configPath) const
{
    return m_path + QLatin1Char('/') + instanceName(configPath) + QStringLiteral(".lock");
}

} // namespace workhost
