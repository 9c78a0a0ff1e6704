#include <workhost/runtime/instancelock.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

namespace workhost {

namespace {

QString systemError(const char *what, int error)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what),
                                        QString::fromLocal8Bit(strerror(error)));
}

bool isRunning(qint64 pid)
{
    return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

} // namespace

InstanceLock::InstanceLock(const QString &directory)
    : InstanceLock(directory, QDir(directory).filePath(QStringLiteral("workhost.lock")), 0644)
{}

InstanceLock InstanceLock::onFile(const QString &filePath)
{
    return InstanceLock(QFileInfo(filePath).absolutePath(), filePath, 0600);
}

InstanceLock::InstanceLock(const QString &directory, const QString &filePath, int fileMode)
    : m_directory(directory)
    , m_filePath(filePath)
{
    acquire(fileMode);
}

InstanceLock::~InstanceLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

void InstanceLock::acquire(int fileMode)
{
    if (!QDir().mkpath(m_directory)) {
        m_error = QStringLiteral("cannot create the directory");
        return;
    }
    m_fd = ::open(QFile::encodeName(m_filePath).constData(), O_RDWR | O_CREAT | O_CLOEXEC,
                  static_cast<mode_t>(fileMode));
    if (m_fd < 0) {
        m_error = systemError("open", errno);
        return;
    }
    int result = 0;
    do
        result = ::flock(m_fd, LOCK_EX | LOCK_NB);
    while (result != 0 && errno == EINTR);
    if (result == 0) {
        m_outcome = Outcome::Acquired;
        writeOwnPid();
        return;
    }
    const int error = errno;
    if (error == EWOULDBLOCK) {
        m_outcome = Outcome::HeldByOther;
        m_otherPid = readHolderPid();
    } else {
        m_error = systemError("flock", error);
    }
    ::close(m_fd);
    m_fd = -1;
}

// Overwrites, then cuts: a reader sees the previous pid or ours, never an
// empty file. (The previous holder is dead, or we would not hold the lock.)
void InstanceLock::writeOwnPid()
{
    const QByteArray line = QByteArray::number(qint64(::getpid())) + '\n';
    if (::pwrite(m_fd, line.constData(), size_t(line.size()), 0) == line.size())
        (void)::ftruncate(m_fd, line.size());
}

// The holder writes its pid just after it takes the lock: between the two, the
// file still names its dead predecessor. So a pid that is not running is read
// again for a moment before it is reported as it is.
qint64 InstanceLock::readHolderPid() const
{
    qint64 pid = 0;
    for (int attempt = 0; attempt < 50; ++attempt) {
        char text[32] = {};
        const ssize_t length = ::pread(m_fd, text, sizeof text - 1, 0);
        const QByteArray content(text, length > 0 ? length : 0);
        pid = content.left(content.indexOf('\n')).trimmed().toLongLong(); // the first line
        if (isRunning(pid))
            return pid;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return pid;
}

} // namespace workhost
