#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace workhost {

// The workhost command line: its options, what --help says of them, and the
// check of every value, so that a mistake is one line on stderr and exit 2
// (ExitCode::ConfigurationError) before anything starts:
//   workhost: Unknown option 'bogus'. (workhost --help lists the options)
//   workhost: --run-for: expected a number of seconds from 0.001 to 2000000, got "inf"
// Usage in main():
//   if (refusalBeforeApplication(argc, argv)) -> print it, exit 2
//   construct the application; parse(app.arguments()) or print error(), exit 2
//   showHelpOrVersionIfAsked(); then read the values
// Owned by main(), on the main thread.
class CommandLine
{
public:
    // --run-for's range: at least a whole millisecond (timers count in them),
    // and within what a QTimer holds (2^31 - 1 ms, about 24.8 days).
    static constexpr double minRunForSeconds = 0.001;
    static constexpr double maxRunForSeconds = 2000000; // 23 days and 3.5 hours

    CommandLine();
    Q_DISABLE_COPY_MOVE(CommandLine)

    // Reads `arguments` (the program's name first) and checks every value.
    // False when something is wrong; error() then says what, in one line.
    bool parse(const QStringList &arguments);
    QString error() const { return m_error; }

    // Prints the help or the version and exits 0 if either was asked for.
    // Needs the application object (the help names the executable).
    void showHelpOrVersionIfAsked();

    bool headless() const { return m_parser.isSet(m_headless); }
    bool checkConfig() const { return m_parser.isSet(m_checkConfig); }
    QString configPath() const { return m_parser.value(m_config); } // empty: not given
    std::optional<std::chrono::milliseconds> runFor() const { return m_runFor; }
    // --attach [SOCKET]: a window on a running host, over its control socket
    // (SOCKET, else the one of the configuration); it never runs a host itself.
    bool attach() const { return m_parser.isSet(m_attach); }
    QString attachSocket() const; // empty: the configuration's

    // Options that never open a window (help, version, headless, check):
    // they get a QCoreApplication and work without a display.
    static bool wantsConsoleOnly(int argc, char *argv[]);

    // Why the process must stop before an application object exists, or
    // nothing. A window without a display would make Qt abort the process
    // (SIGABRT), so it is refused here, in one line that says how to run
    // headless; a wrong argument is reported as such, display or not.
    static std::optional<QString> refusalBeforeApplication(int argc, char *argv[]);

private:
    bool checkValues();

    QCommandLineParser m_parser;
    const QCommandLineOption m_help;
    const QCommandLineOption m_version;
    const QCommandLineOption m_headless;
    const QCommandLineOption m_config;
    const QCommandLineOption m_checkConfig;
    const QCommandLineOption m_runForOption;
    const QCommandLineOption m_attach;
    std::optional<std::chrono::milliseconds> m_runFor;
    QString m_error;
};

} // namespace workhost
