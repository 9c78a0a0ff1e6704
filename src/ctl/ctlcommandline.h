#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace workhost::ctl {

// workhost-ctl's command line, read: the global options (which host: -c FILE
// or --socket PATH; --help, --version), the subcommand and its own options
// and names. Global options may stand before or after the subcommand.
//
//   const CtlCommandLine line = CtlCommandLine::parse(arguments.mid(1));
//   if (!line.error.isEmpty()) ... usage error (exit 2) ...
//
// Parsing checks the shape only (known options, values that are numbers,
// "all" alone); whether the names exist is the host's to say. A value.
struct CtlCommandLine
{
    static CtlCommandLine parse(const QStringList &arguments);
    // The subcommands, in the order --help lists them.
    static const QStringList &subcommands();

    QString subcommand; // empty: none given (with --help or --version, fine)
    QStringList names;  // workers, in the order given
    bool all = false;   // start|stop|restart all

    QString configPath; // -c/--config; empty: the file workhost itself would choose
    QString socketPath; // --socket; overrides the configuration's socket
    bool help = false;
    bool version = false;

    bool json = false;                    // status --json
    bool noWait = false;                  // start|stop|restart --no-wait
    bool wait = false;                    // shutdown --wait
    bool follow = false;                  // logs -f
    std::optional<int> lines;             // logs -n; unset: 10, or every record with --from
    std::optional<qint64> from;           // logs --from: the records after this seq
    bool showSeq = false;                 // logs --show-seq: each line starts with its seq
    QString level;                        // logs --level: the minimum level, empty for all
    std::optional<double> timeoutSeconds; // --timeout

    QString error; // a usage error, for a person; empty when the line is fine
};

} // namespace workhost::ctl
