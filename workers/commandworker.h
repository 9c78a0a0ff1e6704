#pragma once

#include <workhost/config/workerregistry.h>
#include <workhost/hosting/hostedservice.h>
#include <workhost/logging/linebatch.h>

#include <QByteArray>
#include <QStringList>
#include <QVariantMap>

#include <chrono>
#include <set>
#include <sys/types.h>

class QProcess;

namespace workhost {

class ProcessSnapshot;

// Runs an external program, continuously (it runs again by the restart
// policy when it exits) or every `interval`. Each stdout line goes to the
// service's log at info, each stderr line at warning (its items are lines);
// the exit code is logged and published as the value "exitCode", the running
// program's pid as "pid". This makes Workhost a supervisor for any job.
// Output is logged escaped and reversible (outputescaping.h): controls,
// backslashes and bytes that are not UTF-8 as \xNN or \\.
//
// The program runs in its own process group, with WORKHOST_RUN (RunMarker)
// in its environment and the setup of ChildProcessSetup (killed with the
// host, none of its descriptors). Stop sends SIGTERM then SIGCONT (a stopped
// program must see the TERM) to the group and to the processes the program
// daemonized (adopted by the host, told apart by their marker), waits
// `stopGrace` (never past the host's stop deadline), then SIGKILLs them all,
// so no orphan is left, grandchildren and daemons included. When the program
// exits by itself, what it left running is SIGKILLed at once.
// In continuous mode an exit with status 0 completes the run, any other exit
// is a fault. Lives on its own thread (HostedService) with its QProcess.
class CommandWorker : public HostedService
{
public:
    enum class Mode { Continuous, Interval };
    struct Settings
    {
        QString program;
        QStringList arguments;
        QString workingDirectory;
        QVariantMap environment; // added to the inherited environment
        Mode mode = Mode::Continuous;
        std::chrono::milliseconds interval{60000};
        std::chrono::milliseconds stopGrace{10000};
    };

    // Output lines longer than this are cut, so a runaway line cannot eat memory.
    static constexpr qsizetype maxLineBytes = 64 * 1024;

    CommandWorker(QString name, Settings settings);
    static WorkerType type();

protected:
    void onStart(QObject &context) override;
    void onStop() override;

private:
    // One of the child's output streams, split into lines. Each read's lines
    // go to the log as one LineBatch: one timestamp, one call into the sinks.
    struct OutputStream
    {
        explicit OutputStream(spdlog::level::level_enum level)
            : batch(level)
        {}
        void reset();

        QByteArray pending;    // a partial line, at most maxLineBytes + 1 bytes
        bool skipping = false; // inside a line that was already cut
        LineBatch batch;       // the lines of this read; its memory kept between reads
    };

    void launch();
    void onFinished(int exitCode, bool crashed);
    // Splits what was read into lines (with the stream's partial line), and
    // logs them; `atEnd`: the program is gone, a partial last line is a line.
    void readOutput(OutputStream &stream, QByteArrayView chunk, bool atEnd = false);
    void keepPartial(OutputStream &stream, QByteArrayView piece);
    // One whole line (without its line feed), escaped into the batch.
    void addLine(OutputStream &stream, QByteArrayView raw);
    void logBatch(OutputStream &stream);
    void killGroup(int signal);
    // Signals this launch's daemons (adopted processes carrying its marker,
    // and their groups) as the snapshot shows them: SIGTERM (with SIGCONT)
    // once each, SIGKILL, or 0 to count them. Returns how many were alive.
    // Snapshots come from ProcessSnapshot::fresh(), shared by the workers
    // stopping at the same time.
    int signalDaemons(int signal, const ProcessSnapshot &snapshot);
    // Members of the program's process group that are not zombies yet.
    int livingInGroup(const ProcessSnapshot &snapshot) const;
    void forgetProgram();

    // All on the service's thread only.
    const Settings m_settings;
    QProcess *m_process = nullptr; // child of the run's context
    qint64 m_processGroup = 0;     // registered in ProcessGroupRegistry while set
    QByteArray m_marker;           // this launch's RunMarker entry
    std::set<pid_t> m_termSent;    // daemons of this launch already sent SIGTERM
    OutputStream m_stdout{spdlog::level::info};
    OutputStream m_stderr{spdlog::level::warn};
    bool m_stopping = false;
};

} // namespace workhost
