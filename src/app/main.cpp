// The workhost executable: parses the command line and chooses the window,
// the headless host, or a configuration check. Everything else lives in the
// libraries.

#include "core/applicationinfo.h"
#include "core/config/configloader.h"
#include "core/config/hostassembly.h"
#include "core/config/workerregistry.h"
#include "core/host.h"
#include "core/logging/logpipeline.h"
#include "core/processexit.h"
#include "core/runtime/headlessrun.h"
#include "gui/mainwindow.h"
#include "workers/standardworkers.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace workhost;

namespace {

// Options that never open a window get a QCoreApplication, so that they work
// without a display (Qt's recommended pattern for mixed GUI/console programs).
bool wantsConsoleOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option :
             {"-h", "--help", "--help-all", "-v", "--version", "--headless", "--check-config"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

std::unique_ptr<QCoreApplication> createApplication(int &argc, char *argv[])
{
    if (wantsConsoleOnly(argc, argv))
        return std::make_unique<QCoreApplication>(argc, argv);
    return std::make_unique<QApplication>(argc, argv);
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
    return options;
}

int runWindow(QApplication &app, const ConfigLoader::Result &loaded, const WorkerRegistry &registry,
              LogPipeline &logging)
{
    for (const ConfigIssue &issue : loaded.issues)
        spdlog::warn("{}: {}", qUtf8Printable(loaded.source), qUtf8Printable(issue.toString()));
    std::unique_ptr<Host> host = assembleHost(loaded.config, registry, &logging);
    {
        MainWindow window(*host, registry, loaded.config, logging.liveSink());
        window.showConfigurationIssues(loaded.source, loaded.issues);
        if (!loaded.source.startsWith(QLatin1Char(':'))) // a real file: save back to it
            window.setConfigurationPath(loaded.source);
        QObject::connect(&window, &MainWindow::quitNowRequested, [] {
            spdlog::critical("Quit now: leaving without waiting for the workers still stopping");
            LogPipeline::flushCurrent();
            std::fflush(nullptr);
            std::_Exit(static_cast<int>(ExitCode::AbandonedThreads));
        });
        // The window quits the application once the host is Stopped.
        app.setQuitOnLastWindowClosed(false);
        window.show();
        host->start();
        app.exec();
    }
    const int code = host->exitCode();
    host.reset();
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    std::signal(SIGPIPE, SIG_IGN); // a reader gone (`| head`) is EPIPE to handle, not death
    std::unique_ptr<QCoreApplication> app = createApplication(argc, argv);
    QCoreApplication::setApplicationName(ApplicationInfo::executable());
    QCoreApplication::setApplicationVersion(ApplicationInfo::version());
    QCoreApplication::setOrganizationName(ApplicationInfo::organization());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        ApplicationInfo::description() +
        QStringLiteral("\n\nExit status: 0 clean stop; 1 a worker faulted, gave up or timed out; "
                       "2 configuration or command-line error; 3 a worker's thread never returned "
                       "and was abandoned."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless("headless",
                                      "Run the host without a window, logging to stderr.");
    const QCommandLineOption configFile(
        "config",
        "Read the configuration from <file> (default: the user's file, else the built-in one).",
        "file");
    const QCommandLineOption checkConfig(
        "check-config", "Check the configuration, print every problem, start nothing.");
    const QCommandLineOption runFor("run-for", "Stop by itself after <seconds>.", "seconds");
    parser.addOptions({headless, configFile, checkConfig, runFor});
    parser.process(*app); // exits on --help, --version and unknown options

    std::optional<std::chrono::milliseconds> runForTime;
    if (parser.isSet(runFor)) {
        bool ok = false;
        const double seconds = parser.value(runFor).toDouble(&ok);
        if (!ok || seconds < 0) {
            std::fprintf(stderr, "workhost: --run-for: expected a number of seconds, got \"%s\"\n",
                         qUtf8Printable(parser.value(runFor)));
            return static_cast<int>(ExitCode::ConfigurationError);
        }
        runForTime = std::chrono::milliseconds(qRound64(seconds * 1000));
    }

    WorkerRegistry registry;
    registerStandardWorkers(registry);
    const ConfigLoader loader(registry);
    const ConfigLoader::Result loaded =
        loader.loadFile(ConfigLoader::choosePath(parser.value(configFile)));

    if (parser.isSet(checkConfig)) {
        printIssues(loaded);
        if (!loaded.ok())
            return static_cast<int>(ExitCode::ConfigurationError);
        std::printf("%s: OK, %d worker(s)\n", qUtf8Printable(loaded.source),
                    static_cast<int>(loaded.config.workers.size()));
        return 0;
    }

    if (parser.isSet(headless)) {
        // Like a daemon: refuse to start on any configuration error.
        if (!loaded.ok()) {
            printIssues(loaded);
            return static_cast<int>(ExitCode::ConfigurationError);
        }
        printIssues(loaded); // the warnings
        LogPipeline logging(logOptionsFor(loaded.config, true));
        spdlog::info("{} {} headless, configuration {}, logs in {}",
                     qUtf8Printable(ApplicationInfo::name()),
                     qUtf8Printable(ApplicationInfo::version()), qUtf8Printable(loaded.source),
                     qUtf8Printable(logging.filePath()));
        std::unique_ptr<Host> host = assembleHost(loaded.config, registry, &logging);
        int code = 0;
        {
            HeadlessRun run(*host, runForTime);
            code = run.exec();
        }
        host.reset();
        spdlog::info("exiting with status {}", code);
        return finishProcess(code);
    }

    LogPipeline logging(logOptionsFor(loaded.config, false));
    spdlog::info("{} {} starting; configuration {}, logs in {}",
                 qUtf8Printable(ApplicationInfo::name()),
                 qUtf8Printable(ApplicationInfo::version()), qUtf8Printable(loaded.source),
                 qUtf8Printable(logging.filePath()));
    if (runForTime)
        QTimer::singleShot(*runForTime, app.get(), [] { QApplication::closeAllWindows(); });
    const int code = runWindow(static_cast<QApplication &>(*app), loaded, registry, logging);
    spdlog::info("exiting with status {}", code);
    return finishProcess(code);
}
