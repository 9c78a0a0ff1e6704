#pragma once

// Fails a test whose owner thread stalls. A std::thread expects pet() at
// least once per `limit`; when one is missed it prints every thread's stack
// to stderr (through gdb when it is installed, else each thread's name, state
// and wait channel from /proc) and aborts, which fails the test with a record
// of where each thread was stuck.
//
//     Watchdog watchdog(2s, "the owner thread");
//     watchdog.petEvery(100ms);   // a QTimer on this thread's event loop
//     ... the scenario, which keeps the event loop turning ...
//
// Owner: the test, on the thread it watches (the petting timer lives there).
// The destructor stops the watching thread and waits for it.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <spawn.h>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace workhost::test {

class Watchdog
{
public:
    using Clock = std::chrono::steady_clock;

    Watchdog(std::chrono::milliseconds limit, QString watched)
        : m_limit(limit)
        , m_watched(std::move(watched))
        , m_lastPet(Clock::now().time_since_epoch().count())
        , m_thread([this] { watch(); })
    {}

    ~Watchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }

    Watchdog(const Watchdog &) = delete;
    Watchdog &operator=(const Watchdog &) = delete;

    // From the watched thread: it is alive.
    void pet() { m_lastPet = Clock::now().time_since_epoch().count(); }

    // Pets from a timer on the calling thread's event loop, so that the pets
    // stop exactly when that loop stops turning.
    void petEvery(std::chrono::milliseconds interval)
    {
        m_petter = std::make_unique<QTimer>();
        QObject::connect(m_petter.get(), &QTimer::timeout, [this] { pet(); });
        m_petter->start(interval);
    }

    // The longest time the watched thread went without a pet so far, and
    // when that gap ended (time since the watchdog was made).
    std::chrono::milliseconds longestGap() const
    {
        return std::chrono::milliseconds(m_longestGapMs.load());
    }
    std::chrono::milliseconds longestGapEnd() const
    {
        return std::chrono::milliseconds(m_longestGapEndMs.load());
    }

private:
    void watch()
    {
        std::unique_lock lock(m_mutex);
        while (!m_done) {
            m_wake.wait_for(lock, std::chrono::milliseconds(50));
            const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(
                Clock::now().time_since_epoch() - Clock::duration(m_lastPet.load()));
            if (gap.count() > m_longestGapMs) {
                m_longestGapMs = gap.count();
                m_longestGapEndMs =
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_created)
                        .count();
            }
            if (gap > m_limit && !m_done)
                bark(gap);
        }
    }

    [[noreturn]] void bark(std::chrono::milliseconds gap) const
    {
        std::fprintf(stderr, "\nWATCHDOG: %s stalled for %lld ms (limit %lld ms); thread stacks:\n",
                     qUtf8Printable(m_watched), static_cast<long long>(gap.count()),
                     static_cast<long long>(m_limit.count()));
        printTasks();
        printGdbStacks();
        std::fflush(nullptr);
        std::abort();
    }

    // Every thread's name, state and wait channel: always available.
    static void printTasks()
    {
        const QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QString dir = tasks.filePath(tid);
            const QByteArray comm = readSmall(dir + QStringLiteral("/comm")).trimmed();
            const QByteArray wchan = readSmall(dir + QStringLiteral("/wchan")).trimmed();
            const QByteArray stat = readSmall(dir + QStringLiteral("/stat"));
            const QByteArray state = stat.mid(stat.lastIndexOf(')') + 2, 1);
            std::fprintf(stderr, "  thread %s %-16s state %s wchan %s\n", qPrintable(tid),
                         comm.constData(), state.constData(), wchan.constData());
        }
    }

    // Full stacks through gdb, if it is installed and may attach.
    static void printGdbStacks()
    {
#ifdef PR_SET_PTRACER
        ::prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0); // Yama: let gdb attach to us
#endif
        const std::string pid = std::to_string(::getpid());
        // Bounded by coreutils' timeout(1): a gdb that hangs must not keep the
        // test from failing, and waiting for it is one blocking waitpid().
        const char *argv[] = {"timeout",
                              "-s",
                              "KILL",
                              "60",
                              "gdb",
                              "-p",
                              pid.c_str(),
                              "-batch",
                              "-nx",
                              "-ex",
                              "thread apply all bt",
                              nullptr};
        pid_t gdb = 0;
        if (::posix_spawnp(&gdb, "timeout", nullptr, nullptr, const_cast<char **>(argv), environ) !=
            0) {
            std::fprintf(stderr, "  (cannot run gdb: no stacks beyond the list above)\n");
            return;
        }
        int status = 0;
        ::waitpid(gdb, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            std::fprintf(stderr, "  (gdb is not available: no stacks beyond the list above)\n");
    }

    static QByteArray readSmall(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.read(4096) : QByteArray("?");
    }

    const std::chrono::milliseconds m_limit;
    const QString m_watched;
    std::atomic<Clock::rep> m_lastPet;
    const Clock::time_point m_created = Clock::now();
    std::atomic<qint64> m_longestGapMs = 0;
    std::atomic<qint64> m_longestGapEndMs = 0;
    std::unique_ptr<QTimer> m_petter; // on the watched thread
    std::mutex m_mutex;               // guards m_done, with m_wake
    std::condition_variable m_wake;
    bool m_done = false;
    std::thread m_thread; // last: starts once everything above is built
};

} // namespace workhost::test
