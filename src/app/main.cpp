// The workhost executable: parses the command line and chooses the window or
// a console-only run. Everything else lives in the libraries.

#include "core/applicationinfo.h"
#include "core/logging/logpipeline.h"
#include "core/processexit.h"
#include "gui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <cstring>
#include <memory>

using namespace workhost;

namespace {

// Options that never open a window get a QCoreApplication, so that they work
// without a display (Qt's recommended pattern for mixed GUI/console programs).
bool wantsConsoleOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"-h", "--help", "--help-all", "-v", "--version"}) {
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

} // namespace

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> app = createApplication(argc, argv);
    QCoreApplication::setApplicationName(ApplicationInfo::executable());
    QCoreApplication::setApplicationVersion(ApplicationInfo::version());
    QCoreApplication::setOrganizationName(ApplicationInfo::organization());

    QCommandLineParser parser;
    parser.setApplicationDescription(ApplicationInfo::description());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption runFor(
        QStringLiteral("run-for"),
        QStringLiteral("Quit by itself after <seconds> (for demos and scripts)."),
        QStringLiteral("seconds"));
    parser.addOption(runFor);
    parser.process(*app); // exits on --help, --version and unknown options

    if (parser.isSet(runFor)) {
        bool ok = false;
        const double seconds = parser.value(runFor).toDouble(&ok);
        if (!ok || seconds < 0) {
            qCritical("workhost: --run-for: expected a number of seconds, got \"%s\"",
                      qPrintable(parser.value(runFor)));
            return 2;
        }
        QTimer::singleShot(static_cast<int>(seconds * 1000), app.get(), &QCoreApplication::quit);
    }

    LogOptions logOptions;
    logOptions.fileDirectory =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath("logs");
    LogPipeline logging(logOptions);
    spdlog::info("{} {} starting; logs in {}", qUtf8Printable(ApplicationInfo::name()),
                 qUtf8Printable(ApplicationInfo::version()), qUtf8Printable(logging.filePath()));

    int code = 0;
    {
        MainWindow window;
        window.show();
        code = app->exec();
    }
    spdlog::info("exiting with status {}", code);
    return finishProcess(code);
}
