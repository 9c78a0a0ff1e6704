#include "workers/commandworker.h"

#include "workers/childprocesssetup.h"
#include "workers/outputescaping.h"
#include "workers/settingsvalues.h"

#include <workhost/platform/orphanguard.h>
#include <workhost/platform/processgroupregistry.h>
#include <workhost/platform/processsnapshot.h>
#include <workhost/platform/processtree.h>
#include <workhost/platform/runmarker.h>

#include <QProcess>
#include <QThread>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <set>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

namespace workhost {

using std::chrono::milliseconds;

namespace {

std::atomic<quint64> s_launches{0}; // numbers every launch of any command worker

// A read's lines go to the sinks in batches of at most about this many bytes
// (escaped), so that a flood of long, escaped lines holds no more than this.
constexpr size_t maxBatchBytes = 256 * 1024;
// After a read smaller than this the stream is not flooding: its batch gives
// its memory back, so that a thousand quiet workers hold none.
constexpr qsizetype quietReadBytes = 4096;

} // namespace

CommandWorker::CommandWorker(QString name, Settings settings)
    : HostedService(std::move(name))
    , m_settings(std::move(settings))
{
    setItemsUnit(ItemsUnit::lines());
}

WorkerType CommandWorker::type()
{
    return {
        "command",
        "Runs an external program continuously or at an interval, logging its output.",
        {
            SettingSpec::path("program").describedAs("the program to run (found in PATH)"),
            SettingSpec::textList("arguments")
                .withDefault(QStringList())
                .describedAs("its arguments"),
            SettingSpec::path("workingDirectory")
                .withDefault(QString())
                .describedAs("where it runs (empty: here)"),
            SettingSpec::textMap("environment")
                .withDefault(QVariantMap())
                .describedAs("variables added to its environment"),
            SettingSpec::choice("mode", {"continuous", "interval"})
                .withDefault(QStringLiteral("continuous"))
                .describedAs("run again when it exits, or every interval"),
            SettingSpec::seconds("interval")
                .between(0.01, 86400.0 * 7)
                .withDefault(60.0)
                .describedAs("seconds between runs (interval mode)"),
            SettingSpec::seconds("stopGrace")
                .between(0.01, 3600.0)
                .withDefault(10.0)
                .describedAs("seconds between SIGTERM and SIGKILL"),
        },
        [](const QString &name, const QVariantMap &settings) {
            Settings s;
            s.program = settings.value("program").toString();
            s.arguments = settings.value("arguments").toStringList();
            s.workingDirectory = settings.value("workingDirectory").toString();
            s.environment = settings.value("environment").toMap();
            s.mode =
                settings.value("mode").toString() == "interval" ? Mode::Interval : Mode::Continuous;
            s.interval = secondsSetting(settings, "interval");
            s.stopGrace = secondsSetting(settings, "stopGrace");
            return std::make_unique<CommandWorker>(name, std::move(s));
        },
        [](const QVariantMap &settings, ServiceOptions &options) {
            // In continuous mode a clean exit means "run it again".
            options.restartOnCompletion = settings.value("mode").toString() == "continuous";
        },
    };
}

void CommandWorker::onStart(QObject &context)
{
    m_stopping = false;
    m_processGroup = 0;
    m_stdout.reset();
    m_stderr.reset();

    m_process = new QProcess(&context);
    m_process->setProgram(m_settings.program);
    m_process->setArguments(m_settings.arguments);
    if (!m_settings.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(m_settings.workingDirectory);
    const ChildProcessSetup setup = ChildProcessSetup::forThisHost();
    m_process->setChildProcessModifier([setup] { setup.apply(); });

    QObject::connect(m_process, &QProcess::readyReadStandardOutput, &context,
                     [this] { readOutput(m_stdout, m_process->readAllStandardOutput()); });
    QObject::connect(m_process, &QProcess::readyReadStandardError, &context,
                     [this] { readOutput(m_stderr, m_process->readAllStandardError()); });
    QObject::connect(m_process, &QProcess::started, &context, [this] {
        log().info("started {} (pid {})", qUtf8Printable(m_settings.program), m_processGroup);
    });
    QObject::connect(m_process, &QProcess::finished, &context,
                     [this](int code, QProcess::ExitStatus status) {
                         onFinished(code, status == QProcess::CrashExit);
                     });
    QObject::connect(m_process, &QProcess::errorOccurred, &context,
                     [this](QProcess::ProcessError error) {
                         if (error != QProcess::FailedToStart)
                             return;
                         forgetProgram(); // no finished() follows
                         const QString why = QStringLiteral("cannot start \"%1\": %2")
                                                 .arg(m_settings.program, m_process->errorString());
                         setNote(why);
                         fail(why);
                     });

    launch();
    if (m_settings.mode == Mode::Interval) {
        auto *timer = new QTimer(&context);
        QObject::connect(timer, &QTimer::timeout, &context, [this] {
            if (m_process->state() == QProcess::NotRunning)
                launch();
            else
                log().warn("the previous run is still going; this one is skipped");
        });
        timer->start(m_settings.interval);
    }
}

void CommandWorker::launch()
{
    m_processGroup = 0;
    m_termSent.clear();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (auto it = m_settings.environment.cbegin(); it != m_settings.environment.cend(); ++it)
        environment.insert(it.key(), it.value().toString());
    const QString marker = RunMarker::value(name(), ++s_launches);
    environment.insert(QString::fromLatin1(RunMarker::variable), marker);
    m_marker = RunMarker::entry(marker);
    m_process->setProcessEnvironment(environment);

    const ProcessGroupRegistry::Launch launching; // the reaper keeps off until it is registered
    m_process->start();
    if (m_process->processId() > 0) {
        m_processGroup = m_process->processId();
        ProcessGroupRegistry::add(static_cast<pid_t>(m_processGroup));
        setValue(QStringLiteral("pid"), m_processGroup);
    }
}

void CommandWorker::forgetProgram()
{
    if (m_processGroup > 0)
        ProcessGroupRegistry::remove(static_cast<pid_t>(m_processGroup));
    m_processGroup = 0;
    clearValue(QStringLiteral("pid"));
}

int CommandWorker::signalDaemons(int signal, const ProcessSnapshot &snapshot)
{
    // Every descendant of the host, not only its children: a daemon becomes
    // the host's child (a subreaper) only once its parent has exited, and a
    // stop may come while that parent (a shell that set up the daemon) still
    // runs. Processes of a running program's group go with the group.
    int alive = 0;
    for (const ProcessSnapshot::Process &process : snapshot.processes()) {
        const pid_t pid = process.pid;
        const pid_t group = process.group;
        if (pid == m_processGroup || pid == OrphanGuard::pid() || process.state == 0 ||
            process.state == 'Z' || process.state == 'X' || group == m_processGroup ||
            snapshot.isRegisteredGroup(group) ||
            !ProcessTree::hasEnvironmentEntry(pid, m_marker.constData()))
            continue;
        ++alive;
        if (signal == 0 || (signal == SIGTERM && !m_termSent.insert(pid).second))
            continue;
        const bool ownGroup = group > 1 && group != ::getpgrp();
        for (const int each : {signal, signal == SIGTERM ? SIGCONT : 0}) {
            if (each == 0)
                continue;
            ::kill(pid, each);
            if (ownGroup)
                ::kill(-group, each);
        }
    }
    return alive;
}

void CommandWorker::onFinished(int exitCode, bool crashed)
{
    readOutput(m_stdout, m_process->readAllStandardOutput(), true);
    readOutput(m_stderr, m_process->readAllStandardError(), true);
    killGroup(SIGKILL); // whatever it left behind in its group
    forgetProgram();
    if (m_stopping)
        return; // onStop() reports, and gives its daemons their grace
    if (const int daemons = signalDaemons(SIGKILL, *ProcessSnapshot::fresh()); daemons > 0)
        log().warn("killed {} process(es) it left running outside its group", daemons);

    if (crashed) {
        log().warn("{} was killed by a signal", qUtf8Printable(m_settings.program));
        setNote(QStringLiteral("killed by a signal"));
    } else {
        if (exitCode == 0)
            log().info("exited with code 0");
        else
            log().warn("exited with code {}", exitCode);
        setValue(QStringLiteral("exitCode"), exitCode);
        setNote(QStringLiteral("exit code %1").arg(exitCode));
    }
    if (m_settings.mode == Mode::Interval)
        return; // the next run comes with the timer
    if (!crashed && exitCode == 0)
        complete();
    else
        fail(crashed ? QStringLiteral("killed by a signal")
                     : QStringLiteral("exited with code %1").arg(exitCode));
}

void CommandWorker::onStop()
{
    m_stopping = true;
    // The grace period, but never past the host's deadline (keep a margin to report).
    milliseconds grace = m_settings.stopGrace;
    const QDeadlineTimer deadline = stopDeadline();
    if (!deadline.isForever())
        grace = std::min(grace, milliseconds(std::max<qint64>(0, deadline.remainingTime() - 250)));
    const QDeadlineTimer graceEnds(grace);
    // Stopped while the program is still starting: let QProcess finish the
    // start (its exec, or its failure) first, then stop it as any running one.
    if (m_process->state() == QProcess::Starting)
        m_process->waitForStarted(static_cast<int>(grace.count()));
    if (m_process->state() != QProcess::NotRunning) {
        log().info("sending SIGTERM to the process group; waiting up to {} ms",
                   graceEnds.remainingTime());
        killGroup(SIGTERM);
        killGroup(SIGCONT); // a stopped program would never see the TERM
        signalDaemons(SIGTERM, *ProcessSnapshot::fresh());
        if (!m_process->waitForFinished(
                static_cast<int>(std::max<qint64>(0, graceEnds.remainingTime())))) {
            log().warn("still running after {} ms; sending SIGKILL", grace.count());
            killGroup(SIGKILL);
            m_process->waitForFinished(2000);
        }
        if (m_process->exitStatus() == QProcess::NormalExit)
            setValue(QStringLiteral("exitCode"), m_process->exitCode());
        log().info("the program has exited");
    }
    // Its daemons (adopted once the program ended) get the rest of the grace:
    // each walk sends SIGTERM to the new ones and counts those still alive.
    while (signalDaemons(SIGTERM, *ProcessSnapshot::fresh()) > 0 && !graceEnds.hasExpired())
        QThread::msleep(20);
    // Time is up for what is left, its group first: no member of it can start
    // another daemon after the walk below.
    killGroup(SIGKILL);
    std::shared_ptr<const ProcessSnapshot> snapshot = ProcessSnapshot::fresh();
    if (const int daemons = signalDaemons(SIGKILL, *snapshot); daemons > 0)
        log().warn("killed {} process(es) it left running outside its group", daemons);
    // Stopped means gone: the group's other members may still be dying when
    // the leader has been reaped; the exit's sweep would count them as left.
    const QDeadlineTimer settle(2000);
    while (livingInGroup(*snapshot) > 0 && !settle.hasExpired()) {
        QThread::msleep(5);
        snapshot = ProcessSnapshot::fresh();
    }
    forgetProgram();
}

int CommandWorker::livingInGroup(const ProcessSnapshot &snapshot) const
{
    if (m_processGroup <= 0)
        return 0;
    return static_cast<int>(std::count_if(
        snapshot.processes().cbegin(), snapshot.processes().cend(), [this](const auto &process) {
            return process.state != 0 && process.state != 'Z' && process.state != 'X' &&
                   process.group == static_cast<pid_t>(m_processGroup);
        }));
}

void CommandWorker::killGroup(int signal)
{
    if (m_processGroup > 0)
        ::kill(static_cast<pid_t>(-m_processGroup), signal);
}

void CommandWorker::OutputStream::reset()
{
    pending.clear();
    skipping = false;
    batch.release();
}

void CommandWorker::readOutput(OutputStream &stream, QByteArrayView chunk, bool atEnd)
{
    // Every line of one read gets the time it was read.
    stream.batch.stamp(spdlog::log_clock::now());
    qsizetype at = 0;
    while (at < chunk.size()) {
        const qsizetype newline = chunk.indexOf('\n', at);
        if (newline < 0) {
            keepPartial(stream, chunk.sliced(at));
            break;
        }
        const QByteArrayView rest = chunk.sliced(at, newline - at);
        at = newline + 1;
        if (stream.skipping) {
            stream.skipping = false; // the end of a line already cut
        } else if (stream.pending.isEmpty()) {
            addLine(stream, rest);
        } else {
            stream.pending.append(rest);
            addLine(stream, stream.pending);
            stream.pending.clear();
        }
    }
    if (atEnd) {
        if (!stream.pending.isEmpty() && !stream.skipping)
            addLine(stream, stream.pending);
        stream.pending.clear();
        stream.skipping = false;
    }
    logBatch(stream);
    if (chunk.size() < quietReadBytes)
        stream.batch.release();
}

void CommandWorker::keepPartial(OutputStream &stream, QByteArrayView piece)
{
    if (stream.skipping)
        return;
    // One byte past the limit is enough to know the line is cut.
    const qsizetype room = maxLineBytes + 1 - stream.pending.size();
    stream.pending.append(piece.first(std::min(room, piece.size())));
    if (stream.pending.size() > maxLineBytes) {
        addLine(stream, stream.pending);
        stream.pending.clear();
        stream.skipping = true;
    }
}

void CommandWorker::addLine(OutputStream &stream, QByteArrayView raw)
{
    static const QByteArray cutNote =
        " [line cut at " + QByteArray::number(maxLineBytes) + " bytes]";
    const bool cut = raw.size() > maxLineBytes;
    QByteArrayView content = cut ? raw.first(maxLineBytes) : raw;
    // A CR before the line feed ends a CRLF line; it is not part of the text.
    if (!cut && content.endsWith('\r'))
        content.chop(1);
    // Controls would garble a terminal or the view, and invalid UTF-8 would be
    // lost to U+FFFD: escaped so that the program's bytes can be recovered.
    char *out = stream.batch.beginLine(size_t(maxEscapedSize(content.size()) + cutNote.size()));
    out = escapeOutputInto(content, out);
    if (cut)
        out = std::copy(cutNote.cbegin(), cutNote.cend(), out);
    stream.batch.endLine(out);
    if (stream.batch.bytes() >= maxBatchBytes)
        logBatch(stream); // a flood of long lines holds no more than this
}

void CommandWorker::logBatch(OutputStream &stream)
{
    if (stream.batch.empty())
        return;
    logLines(log(), stream.batch);
    addItemsDone(qint64(stream.batch.size()));
    stream.batch.clear();
}

} // namespace workhost
