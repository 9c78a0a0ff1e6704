#pragma once

// One process manager under test (Workhost, supervisord, PM2), driven as a
// child process with its own temporary home, configuration and logs. Owned by
// the bench's main loop; one thread. A Manager is made for one run: start(),
// measure, terminate(), then kill() (always, also after a failure), which
// SIGKILLs whatever it started that is still there.

#include <QByteArray>
#include <QDir>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <sys/types.h>
#include <utility>
#include <vector>

namespace bench {

// A program the manager supervises: bench_child with these arguments (after the tag).
struct Program
{
    QString name;
    QStringList arguments;
    bool restart = false; // run it again when it exits (crash case); else run once
};

// A log line's parts as the manager wrote them: which program it names (empty
// when the file is per program) and the program's own text.
struct LogLine
{
    QByteArrayView program;
    QByteArrayView text;
};

struct LogFile
{
    QString path;
    QString program; // the program it belongs to; empty: several, named in each line
};

class Manager
{
public:
    Manager(QString tool, QString childBinary, QByteArray tag);
    virtual ~Manager() = default;
    Manager(const Manager &) = delete;
    Manager &operator=(const Manager &) = delete;

    const QString &tool() const { return m_tool; }
    // Why start() failed: "refused" when the manager rejected the configuration.
    const QString &error() const { return m_error; }

    // Starts the manager with these programs; false (and error()) when it cannot.
    virtual bool start(const std::vector<Program> &programs) = 0;
    // The manager's own processes: their CPU and memory are what is measured.
    virtual std::vector<pid_t> managerPids() const = 0;
    // Where the programs' stdout goes.
    virtual std::vector<LogFile> logFiles(const std::vector<Program> &programs) const = 0;
    virtual LogLine parse(QByteArrayView line) const = 0;
    // Asks the manager to stop everything and exit (SIGTERM).
    virtual void terminate() = 0;
    virtual bool hasExited() = 0;
    // SIGKILLs the manager and whatever it started; idempotent.
    virtual void kill() = 0;

protected:
    QStringList childCommand(const Program &program) const;
    QString path(const QString &name) const { return m_home.filePath(name); }

    QString m_tool;
    QString m_childBinary;
    QByteArray m_tag;
    QTemporaryDir m_home;
    QString m_error;
};

} // namespace bench
