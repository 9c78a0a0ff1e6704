#include "ctl/helptext.h"

#include <QHash>

namespace workhost::ctl {

namespace {

const char *const globalOptions =
    R"(Which host (the host of a configuration file, through its control socket):
  -c, --config FILE   the host of FILE (default: the file workhost itself
                      reads: ~/.config/Workhost/workhost/workhost.json if it
                      exists, else the built-in default)
  --socket PATH       the host listening on PATH
  -h, --help          this help; SUBCOMMAND --help: that subcommand's
  --version           the version
)";

const char *const overview =
    R"(Usage: workhost-ctl [-c FILE | --socket PATH] SUBCOMMAND [OPTIONS] [NAME...]
       workhost ctl ...   (the same)

Controls a running Workhost host (a window or `workhost --headless`).

Subcommands:
  status [--json] [NAME...]        every worker's state, pid, uptime, CPU, memory
  start NAME...|all                start workers and wait until they run
  stop NAME...|all                 stop workers and wait until they stopped
  restart NAME...|all              restart workers and wait until they run
  logs [-f] [-n N] [--level L] [--from SEQ] [--show-seq] [NAME...]
                                   the last log lines; -f follows them;
                                   --from SEQ: those after SEQ (resumable)
  reload                           re-read the configuration: add, remove and
                                   change workers, unchanged ones keep running
  shutdown [--wait]                stop the host
  health                           exit 0 when every worker is where it should be
  help [SUBCOMMAND]                this help, or a subcommand's
)";

QString subcommandText(const QString &subcommand)
{
    static const QHash<QString, QString> texts{
        {"status", R"(Usage: workhost-ctl status [--json] [NAME...]
A table of the workers (all, or those named): name, type, state, pid (of a
command worker's process), uptime, restarts, CPU time, memory and the last
message (the last error, else the worker's note).
  --json   the host's answer as JSON instead of the table
)"},
        {"start", R"(Usage: workhost-ctl start NAME...|all [--no-wait] [--timeout SECONDS]
Starts the workers and prints one line per worker once it runs (or failed).
  --no-wait           print what the host answered and return at once
  --timeout SECONDS   how long to wait for each worker (default 60)
)"},
        {"stop", R"(Usage: workhost-ctl stop NAME...|all [--no-wait] [--timeout SECONDS]
Stops the workers and prints one line per worker once it stopped.
  --no-wait           print what the host answered and return at once
  --timeout SECONDS   how long to wait for each worker (default 60)
)"},
        {"restart", R"(Usage: workhost-ctl restart NAME...|all [--no-wait] [--timeout SECONDS]
Restarts the workers and prints one line per worker once it runs again.
  --no-wait           print what the host answered and return at once
  --timeout SECONDS   how long to wait for each worker (default 60)
)"},
        {"logs", R"(Usage: workhost-ctl logs [-f] [-n N] [--level L] [--from SEQ] [--show-seq]
                         [NAME...]
The last N log records the host holds (all workers interleaved, or those
named), coloured by level on a terminal. Records the host could not deliver
show as one line saying how many were missed.
  -f, --follow   go on printing new records until interrupted; when the
                 host stops, says "the host stopped" on stderr and exits 0
  -n, --lines N  how many of the newest records to print first (default 10);
                 with --from: at most the first N after SEQ, then stop
                 (a page; the next --from goes on from its last seq)
  --level L      only records of level L or above: trace, debug, info,
                 warning, error, critical
  --from SEQ     every record after seq SEQ (0: all the host holds), then,
                 with -f, new ones; records the host no longer holds are
                 said on stderr ("N records were missed"), never on stdout.
                 A SEQ past the host's newest (one of an earlier host)
                 exits with status 6
  --show-seq     begin each line with the record's seq: the first field of
                 the last line is the SEQ to resume from
A script that runs `logs --from SEQ --show-seq` again and again, SEQ the
first field of the last line it got (kept when a run printed none), sees
each record exactly once. (With a filter, records that did not pass may lie
after that seq: the next run reads them again and prints none of them.)
)"},
        {"reload", R"(Usage: workhost-ctl reload [--timeout SECONDS]
Makes the host re-read its configuration file: workers added to it start,
removed ones stop and go, changed ones restart with their new settings, the
others keep running. Prints what changed. A configuration with errors
changes nothing: every problem is printed, and the exit status is 1.
  --timeout SECONDS   how long to wait for the host's answer (default 120;
                      it answers once removed and changed workers stopped)
)"},
        {"shutdown", R"(Usage: workhost-ctl shutdown [--wait [--timeout SECONDS]]
Asks the host to stop (its workers stop gracefully, in its order).
  --wait              return when the host's process has ended ("host stopped")
  --timeout SECONDS   how long --wait waits (default: as long as it takes)
)"},
        {"health", R"(Usage: workhost-ctl health
Exit status 0 when every enabled worker is where it should be; else prints
each problem and exits with status 4.
)"},
        {"help", R"(Usage: workhost-ctl help [SUBCOMMAND]
)"},
    };
    return texts.value(subcommand);
}

} // namespace

QString exitStatusHelp()
{
    return QStringLiteral(R"(Exit status:
  0  success
  1  a request failed, or a worker did not reach its state in time
  2  usage error (the command line is wrong)
  3  no host answers for this configuration
  4  health: the host is not healthy
  5  protocol error, or the connection to the host was lost (logs -f: the
     host stopping is not: it exits 0)
  6  logs --from: the host has no such seq (past its newest)
)");
}

QString generalHelp()
{
    return QString::fromUtf8(overview) + QLatin1Char('\n') + QString::fromUtf8(globalOptions) +
           QLatin1Char('\n') + exitStatusHelp();
}

QString subcommandHelp(const QString &subcommand)
{
    return subcommandText(subcommand) + QLatin1Char('\n') + QString::fromUtf8(globalOptions) +
           QLatin1Char('\n') + exitStatusHelp();
}

} // namespace workhost::ctl
