#include "app/commandline.h"

#include <workhost/config/configloader.h>
#include <workhost/runtime/applicationinfo.h>

#include <QCoreApplication>

#include <cmath>
#include <cstring>

namespace workhost {

namespace {

QString formatSeconds(double seconds)
{
    return QString::number(seconds, 'g', 15);
}

// Where Qt may find a display, or has been told to need none (offscreen,
// minimal, vnc...): without any of these, QApplication aborts the process.
bool mayHaveDisplay(int argc, char *argv[])
{
    for (const char *variable : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        if (!qEnvironmentVariableIsEmpty(variable))
            return true;
    }
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "-platform") == 0 || std::strcmp(argv[i], "--platform") == 0)
            return true;
    }
    return false;
}

QStringList argumentsOf(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return arguments;
}

} // namespace

CommandLine::CommandLine()
    : m_help(m_parser.addHelpOption())
    , m_version(m_parser.addVersionOption())
    , m_headless("headless", "Run the host without a window, logging to stderr.")
    , m_config("config",
               QStringLiteral("Read the configuration from <file> (default: the user's file, else "
                              "the built-in one). A file over %1 MiB is refused unread.")
                   .arg(ConfigLoader::maxFileBytes / (1024 * 1024)),
               "file")
    , m_checkConfig("check-config", "Check the configuration, print every problem, start nothing.")
    , m_runForOption("run-for",
                     QStringLiteral("Stop by itself after <seconds>: from %1 to %2 (about 23 "
                                    "days), fractions allowed.")
                         .arg(formatSeconds(minRunForSeconds), formatSeconds(maxRunForSeconds)),
                     "seconds")
    , m_attach("attach",
               "Open a window on the host that already runs (over its control socket SOCKET, "
               "default: the one of the configuration). Closing the window leaves the host "
               "running; File > Stop host stops it.")
{
    m_parser.setApplicationDescription(
        ApplicationInfo::description() +
        QStringLiteral("\n\nWithout --headless or --check-config it opens a window, which needs a "
                       "display (DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM).\n\n"
                       "workhost ctl SUBCOMMAND ... controls a running host (workhost ctl --help)."
                       "\n\nExit status: 0 "
                       "clean stop; 1 a worker faulted, gave up or timed out; 2 configuration or "
                       "command-line error, or no display for the window; 3 a worker's thread "
                       "never returned and was abandoned; 4 another Workhost is running with "
                       "the same log directory."));
    m_parser.addOptions({m_headless, m_config, m_checkConfig, m_runForOption, m_attach});
    m_parser.addPositionalArgument("SOCKET", "With --attach: the host's control socket.",
                                   "[SOCKET]");
}

bool CommandLine::parse(const QStringList &arguments)
{
    m_error.clear();
    m_runFor.reset();
    if (!m_parser.parse(arguments)) {
        m_error =
            m_parser.errorText() +
            QStringLiteral(" (%1 --help lists the options)").arg(ApplicationInfo::executable());
        return false;
    }
    // --help and --version answer whatever else the line holds.
    if (m_parser.isSet(m_help) || m_parser.isSet("help-all") || m_parser.isSet(m_version))
        return true;
    return checkValues();
}

QString CommandLine::attachSocket() const
{
    const QStringList positional = m_parser.positionalArguments();
    return positional.isEmpty() ? QString() : positional.first();
}

bool CommandLine::checkValues()
{
    const QStringList positional = m_parser.positionalArguments();
    if (!positional.isEmpty() && (!attach() || positional.size() > 1)) {
        m_error = QStringLiteral("unexpected argument \"%1\" (only --attach takes one: a "
                                 "socket)")
                      .arg(positional.at(attach() ? 1 : 0));
        return false;
    }
    if (attach() && (headless() || checkConfig() || m_parser.isSet(m_runForOption))) {
        m_error = QStringLiteral("--attach opens a window on a running host; it goes with none "
                                 "of --headless, --check-config and --run-for");
        return false;
    }
    if (m_parser.isSet(m_config) && configPath().isEmpty()) {
        m_error = QStringLiteral("--config: expected the path of a configuration file, got an "
                                 "empty one");
        return false;
    }
    if (m_parser.isSet(m_runForOption)) {
        const QString text = m_parser.value(m_runForOption);
        bool ok = false;
        const double seconds = text.toDouble(&ok); // reads "inf" and "nan" too
        if (!ok || !std::isfinite(seconds) || seconds < minRunForSeconds ||
            seconds > maxRunForSeconds) {
            m_error =
                QStringLiteral("--run-for: expected a number of seconds from %1 to %2, "
                               "got \"%3\"")
                    .arg(formatSeconds(minRunForSeconds), formatSeconds(maxRunForSeconds), text);
            return false;
        }
        m_runFor = std::chrono::milliseconds(qRound64(seconds * 1000));
    }
    return true;
}

void CommandLine::showHelpOrVersionIfAsked()
{
    // process() prints and exits for these three (--help-all adds Qt's own options).
    if (m_parser.isSet(m_help) || m_parser.isSet("help-all") || m_parser.isSet(m_version))
        m_parser.process(QCoreApplication::arguments());
}

bool CommandLine::wantsConsoleOnly(int argc, char *argv[])
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

std::optional<QString> CommandLine::refusalBeforeApplication(int argc, char *argv[])
{
    if (wantsConsoleOnly(argc, argv) || mayHaveDisplay(argc, argv))
        return std::nullopt; // the application parses, with Qt's own options taken out
    CommandLine commandLine;
    if (!commandLine.parse(argumentsOf(argc, argv)))
        return commandLine.error();
    return QStringLiteral("no display for the window (DISPLAY, WAYLAND_DISPLAY and "
                          "QT_QPA_PLATFORM are unset or empty); to run without one: %1 --headless")
        .arg(ApplicationInfo::executable());
}

} // namespace workhost
