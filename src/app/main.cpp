// The workhost executable: parses the command line and chooses the window,
// the headless host, or a configuration check. Everything else lives in the
// libraries.

#include "app/attachedwindow.h"
#include "app/commandline.h"
#include "app/controlsocket.h"
#include "app/ctlexec.h"
#include "app/hostclaim.h"
#include "app/secondhost.h"
#include "gui/mainwindow.h"
#include "workers/standardworkers.h"
#include <workhost/config/configloader.h>
#include <workhost/config/configurationdocument.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/logpipeline.h>
#include <workhost/platform/processcontainment.h>
#include <workhost/platform/unixsignalnotifier.h>
#include <workhost/runtime/applicationinfo.h>
#include <workhost/runtime/configurationreload.h>
#include <workhost/runtime/headlessrun.h>
#include <workhost/runtime/hostassembly.h>
#include <workhost/runtime/instancelock.h>
#include <workhost/runtime/processexit.h>
#include <workhost/session/inprocesshostsession.h>

#include <QApplication>
#include <QDir>
#include <QHash>
#include <QStandardPaths>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace workhost;

namespace {

QtMessageHandler qtHandlerBeforeWindow = nullptr;

// Qt ends the process (qFatal, SIGABRT, "reinstalling the application may fix
// this problem") when no platform plugin starts, as with a DISPLAY whose
// server is gone: say what it had to work with, in one line, and exit 2.
void refuseWindowOnPlatformFailure(QtMsgType type, const QMessageLogContext &context,
                                   const QString &message)
{
    if (type != QtFatalMsg) {
        qtHandlerBeforeWindow(type, context, message);
        return;
    }
    std::fprintf(stderr,
                 "workhost: cannot open the window: Qt could not use the display (DISPLAY=\"%s\", "
                 "WAYLAND_DISPLAY=\"%s\", QT_QPA_PLATFORM=\"%s\"); to run without one: workhost "
                 "--headless\n",
                 qgetenv("DISPLAY").constData(), qgetenv("WAYLAND_DISPLAY").constData(),
                 qgetenv("QT_QPA_PLATFORM").constData());
    std::fflush(stderr);
    std::_Exit(static_cast<int>(ExitCode::ConfigurationError));
}

// Options that never open a window get a QCoreApplication, so that they work
// without a display (Qt's recommended pattern for mixed GUI/console programs).
std::unique_ptr<QCoreApplication> createApplication(int &argc, char *argv[])
{
    if (CommandLine::wantsConsoleOnly(argc, argv))
        return std::make_unique<QCoreApplication>(argc, argv);
    qtHandlerBeforeWindow = qInstallMessageHandler(refuseWindowOnPlatformFailure);
    auto app = std::make_unique<QApplication>(argc, argv);
    qInstallMessageHandler(qtHandlerBeforeWindow);
    return app;
}

void printIssues(const ConfigLoader::Result &result)
{
    for (const ConfigIssue &issue : result.issues) {
        std::fprintf(stderr, "%s: %s: %s\n", qUtf8Printable(result.source),
                     issue.isError() ? "error" : "warning", qUtf8Printable(issue.toString()));
    }
}

LogOptions logOptionsFor(const Configuration &config, bool console)
{
    LogOptions options;
    options.fileDirectory =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
            .filePath("logs");
    options.level = config.logging.level;
    options.maxFileSize = static_cast<size_t>(config.logging.fileMaxSize);
    options.maxFiles = static_cast<size_t>(config.logging.fileMaxFiles);
    options.console = console;
    if (console) { // headless: no window; the logs stream's backlog until a client subscribes
        options.liveCapacity = 16384;
        options.liveBytes = 4 * 1024 * 1024;
    }
    options.routeQtMessages = true; // Qt's own messages belong in the product's log

    return options;
}

[[noreturn]] void quitNow(const char *why)
{
    spdlog::critical("{}", why);
    abandonProcess(ExitCode::AbandonedThreads);
}

// The window's answer to signals, as headless mode's: a closed session
// (SIGHUP), `kill` or Ctrl+C in the terminal close the window as its close
// button does (a graceful stop behind the shutdown dialog); Ctrl+C again
// during that stop is "Quit now"; SIGUSR1 reopens the log file.
void onWindowSignal(int signal, MainWindow &window, const Host &host)
{
    if (signal == SIGUSR1) {
        spdlog::info("SIGUSR1 received: reopening the log file");
        LogPipeline::reopenCurrentFiles();
        return;
    }
    if (signal == SIGINT && host.state() == HostState::Stopping)
        quitNow("second SIGINT: Quit now, without waiting for the workers still stopping");
    spdlog::info("signal {} received: closing the window{}", signal,
                 signal == SIGINT ? "; press Ctrl+C again to quit now" : "");
    window.close();
}

// One host per log directory (issue 12): a second one would tear the first's
// lines and rotate its files. Says why on stderr; true to start nothing.
// A directory that cannot be locked at all does not stop the host.
bool anotherHostHolds(const InstanceLock &lock)
{
    switch (lock.outcome()) {
    case InstanceLock::Outcome::Acquired:
        return false;
    case InstanceLock::Outcome::HeldByOther:
        std::fprintf(stderr,
                     "workhost: another Workhost (pid %lld) is running with the log directory %s; "
                     "not starting\n",
                     static_cast<long long>(lock.otherPid()), qUtf8Printable(lock.directory()));
        return true;
    case InstanceLock::Outcome::Unavailable:
        std::fprintf(stderr,
                     "workhost: warning: cannot lock %s (%s); another Workhost could share this "
                     "log directory\n",
                     qUtf8Printable(lock.filePath()), qUtf8Printable(lock.error()));
        return false;
    }
    return false;
}

// The control socket of a host with an in-process session (the window's,
// or headless mode's): the session's edits and reload, the configuration's
// worker types, and how the host stops when a client asks.
HostControlSetup controlSetupFor(InProcessHostSession &session, const LogPipeline &logging,
                                 std::function<void()> shutdown)
{
    HostControlSetup setup;
    setup.server.liveLog = logging.liveSink();
    setup.reload = session.configurationReload();
    setup.session = &session;
    setup.shutdown = std::move(shutdown);
    // Asked for every status sent (256 a `status`): a hash, made again when
    // the configuration changes, not a scan of the workers each time.
    auto types = std::make_shared<QHash<QString, QString>>();
    const auto readTypes = [&session, types] {
        types->clear();
        for (const WorkerConfig &worker : session.configuration().workers)
            types->insert(worker.name, worker.type);
    };
    readTypes();
    QObject::connect(&session, &HostSession::configurationChanged, &session, readTypes);
    setup.workerType = [types](const QString &name) { return types->value(name); };
    return setup;
}

int runWindow(QApplication &app, const ConfigLoader::Result &loaded, const WorkerRegistry &registry,
              LogPipeline &logging, const HostClaim &claim)
{
    for (const ConfigIssue &issue : loaded.issues)
        spdlog::warn("{}: {}", qUtf8Printable(loaded.source), qUtf8Printable(issue.toString()));
    std::unique_ptr<Host> host = assembleHost(loaded.config, registry, &logging);
    // What the window edits and saves: a file is saved back to itself, the
    // built-in default to the user's file.
    ConfigurationDocument document(loaded.config,
                                   ConfigurationDocument::savePathFor(loaded.source));
    {
        InProcessHostSession session(
            {.host = *host, .registry = &registry, .document = &document, .logging = &logging});
        MainWindow window(session);
        window.showConfigurationIssues(loaded.source, loaded.issues);
        QObject::connect(&window, &MainWindow::quitNowRequested, [] {
            quitNow("Quit now: leaving without waiting for the workers still stopping");
        });
        UnixSignalNotifier unixSignals({SIGINT, SIGTERM, SIGHUP, SIGUSR1});
        QObject::connect(&unixSignals, &UnixSignalNotifier::received, &window,
                         [&window, &host](int signal) { onWindowSignal(signal, window, *host); });
        // The window quits the application once the host is Stopped.
        app.setQuitOnLastWindowClosed(false);
        const std::unique_ptr<HostControl> control = openControlSocket(
            *host, claim,
            controlSetupFor(session, logging, [&window] { window.close(); })); // as SIGTERM does
        window.show();
        host->start();
        app.exec();
    }
    const int code = host->exitCode();
    host.reset();
    return code;
}

// Like a daemon: refuses to start on any configuration error.
int runHeadless(const ConfigLoader::Result &loaded, const WorkerRegistry &registry,
                std::optional<std::chrono::milliseconds> runForTime)
{
    if (!loaded.ok()) {
        printIssues(loaded);
        return static_cast<int>(ExitCode::ConfigurationError);
    }
    printIssues(loaded); // the warnings
    const HostClaim claim(loaded.source);
    if (claim.heldByOther())
        return answerSecondHost(claim, LaunchMode::Headless);
    const LogOptions logOptions = logOptionsFor(loaded.config, true);
    const InstanceLock instance(logOptions.fileDirectory);
    if (anotherHostHolds(instance))
        return static_cast<int>(ExitCode::AnotherHostRunning);
    LogPipeline logging(logOptions);
    spdlog::info("{} {} headless, configuration {}, logs in {}",
                 qUtf8Printable(ApplicationInfo::name()),
                 qUtf8Printable(ApplicationInfo::version()), qUtf8Printable(loaded.source),
                 qUtf8Printable(logging.filePath()));
    const ProcessContainment containment;
    std::unique_ptr<Host> host = assembleHost(loaded.config, registry, &logging);
    int code = 0;
    {
        // What clients edit and save, and what SIGHUP reloads (as a window's).
        ConfigurationDocument document(loaded.config,
                                       ConfigurationDocument::savePathFor(loaded.source));
        InProcessHostSession session(
            {.host = *host, .registry = &registry, .document = &document, .logging = &logging});
        HeadlessRun run(*host, runForTime);
        run.reloadOnSighup(*session.configurationReload()); // SIGHUP: a daemon's reload
        Host &stopping = *host;
        const std::unique_ptr<HostControl> control = openControlSocket(
            *host, claim, controlSetupFor(session, logging, [&stopping] { stopping.stop(); }));
        code = run.exec();
    }
    host.reset();
    return finishProcess(code); // says the status it leaves with
}

} // namespace

int main(int argc, char *argv[])
{
    execControlClientIfAsked(argc, argv); // `workhost ctl ...`: before any Qt object
    std::signal(SIGPIPE, SIG_IGN);        // a reader gone (`| head`) is EPIPE to handle, not death
    if (const std::optional<QString> refusal = CommandLine::refusalBeforeApplication(argc, argv)) {
        std::fprintf(stderr, "workhost: %s\n", qUtf8Printable(*refusal));
        return static_cast<int>(ExitCode::ConfigurationError);
    }
    std::unique_ptr<QCoreApplication> app = createApplication(argc, argv);
    QCoreApplication::setApplicationName(ApplicationInfo::executable());
    QCoreApplication::setApplicationVersion(ApplicationInfo::version());
    QCoreApplication::setOrganizationName(ApplicationInfo::organization());

    CommandLine commandLine;
    if (!commandLine.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "workhost: %s\n", qUtf8Printable(commandLine.error()));
        return static_cast<int>(ExitCode::ConfigurationError);
    }
    commandLine.showHelpOrVersionIfAsked();
    const std::optional<std::chrono::milliseconds> runForTime = commandLine.runFor();

    WorkerRegistry registry;
    registerStandardWorkers(registry);
    const ConfigLoader loader(registry);
    const ConfigLoader::Result loaded =
        loader.loadFile(ConfigLoader::choosePath(commandLine.configPath()));

    if (commandLine.checkConfig()) {
        printIssues(loaded);
        if (!loaded.ok())
            return static_cast<int>(ExitCode::ConfigurationError);
        std::printf("%s: OK, %d worker(s)\n", qUtf8Printable(loaded.source),
                    static_cast<int>(loaded.config.workers.size()));
        return 0;
    }

    if (commandLine.headless())
        return runHeadless(loaded, registry, runForTime);
    if (commandLine.attach()) {
        QString socket = commandLine.attachSocket();
        if (socket.isEmpty())
            socket = HostClaim::socketPathFor(loaded.source);
        if (socket.isEmpty()) {
            std::fprintf(stderr,
                         "workhost: --attach: no runtime directory to find the socket of "
                         "%s in; give the socket's path\n",
                         qUtf8Printable(loaded.source));
            return static_cast<int>(ExitCode::ConfigurationError);
        }
        return runAttachedWindow(socket);
    }

    const HostClaim claim(loaded.source);
    if (claim.heldByOther())
        return answerSecondHost(claim, LaunchMode::Window);
    const LogOptions logOptions = logOptionsFor(loaded.config, false);
    const InstanceLock instance(logOptions.fileDirectory);
    if (anotherHostHolds(instance))
        return static_cast<int>(ExitCode::AnotherHostRunning);
    LogPipeline logging(logOptions);
    spdlog::info("{} {} starting; configuration {}, logs in {}",
                 qUtf8Printable(ApplicationInfo::name()),
                 qUtf8Printable(ApplicationInfo::version()), qUtf8Printable(loaded.source),
                 qUtf8Printable(logging.filePath()));
    const ProcessContainment containment;
    if (runForTime)
        QTimer::singleShot(*runForTime, app.get(), [] { QApplication::closeAllWindows(); });
    const int code = runWindow(static_cast<QApplication &>(*app), loaded, registry, logging, claim);
    return finishProcess(code); // says the status it leaves with
}
