#pragma once

#include <QString>
#include <QtGlobal>

namespace workhost {

// One Workhost per log directory: two hosts writing the same files would tear
// and lose each other's lines and rotate each other's files. The first host
// takes an exclusive flock(2) on "workhost.lock" in the directory and writes
// its pid there; a second one finds the lock taken and learns that pid.
// onFile() locks a given file the same way: one host per configuration (the
// lock beside its control socket, RuntimeDirectory::lockPath()).
//
//     InstanceLock lock(logDirectory);
//     if (lock.outcome() == InstanceLock::Outcome::HeldByOther)
//         ... refuse, naming lock.otherPid() ...
//     const InstanceLock configurationLock = InstanceLock::onFile(lockPath);
//
// The lock belongs to the open file, which no child inherits (O_CLOEXEC), and
// is held while this object lives; the kernel releases it when the process
// ends in any way, SIGKILL and crashes included, so a dead host never blocks
// the next one. The constructor tries once and never waits for the lock.
//
// Owner: main(), for the whole life of the process. No Qt object; any thread.
class InstanceLock
{
public:
    enum class Outcome {
        Acquired,    // this process is the directory's host until it ends
        HeldByOther, // another process is: otherPid() names it
        Unavailable  // no lock could be taken (e.g. the directory is unusable): error() says why
    };

    // Locks "workhost.lock" in `directory` (made if missing; the file 0644).
    explicit InstanceLock(const QString &directory);
    // Locks `filePath` itself (the file made 0600, for the user alone).
    static InstanceLock onFile(const QString &filePath);
    ~InstanceLock();
    InstanceLock(const InstanceLock &) = delete;
    InstanceLock &operator=(const InstanceLock &) = delete;

    Outcome outcome() const { return m_outcome; }
    QString directory() const { return m_directory; }
    QString filePath() const { return m_filePath; }
    // With HeldByOther: the pid the holder wrote, 0 if none could be read.
    qint64 otherPid() const { return m_otherPid; }
    // With Unavailable: what failed, for one line of warning.
    QString error() const { return m_error; }

private:
    InstanceLock(const QString &directory, const QString &filePath, int fileMode);
    void acquire(int fileMode);
    void writeOwnPid();
    qint64 readHolderPid() const;

    const QString m_directory;
    const QString m_filePath;
    Outcome m_outcome = Outcome::Unavailable;
    int m_fd = -1; // open (and locked) while Acquired
    qint64 m_otherPid = 0;
    QString m_error;
};

} // namespace workhost
