#pragma once

#include <QString>

namespace workhost::ctl {

// What --help prints: the general text (every subcommand, the global options,
// the exit statuses), or one subcommand's. The man page says the same
// (installer/workhost.1, section CTL); keep them together.
QString generalHelp();
// The help of `subcommand` (one of CtlCommandLine::subcommands()).
QString subcommandHelp(const QString &subcommand);
// The exit statuses table, as both helps end with it.
QString exitStatusHelp();

} // namespace workhost::ctl
