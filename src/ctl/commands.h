#pragma once

namespace workhost::ctl {

class HostConnection;
struct CtlCommandLine;

// The subcommands, one file each: each asks the host through an open
// connection, prints what it learnt, and returns the exit status (CtlExit).
int runStatus(HostConnection &connection, const CtlCommandLine &line);
int runWorkerCommand(HostConnection &connection, const CtlCommandLine &line); // start|stop|restart
int runLogs(HostConnection &connection, const CtlCommandLine &line);
int runReload(HostConnection &connection, const CtlCommandLine &line);
int runShutdown(HostConnection &connection, const CtlCommandLine &line);
int runHealth(HostConnection &connection, const CtlCommandLine &line);

} // namespace workhost::ctl
