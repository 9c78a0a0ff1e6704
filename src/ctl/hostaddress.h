#pragma once

#include <QString>

namespace workhost::ctl {

struct CtlCommandLine;

// Which socket workhost-ctl talks to: --socket PATH as given, else the socket
// of the host of a configuration file: -c FILE, or the file the workhost
// executable itself would read (ConfigLoader::choosePath()), in the runtime
// directory (RuntimeDirectory::locate(): looked up, never created by a client).
// A value.
struct HostAddress
{
    static HostAddress choose(const CtlCommandLine &line);

    QString socketPath;
    QString configPath; // empty when --socket chose
    // "the host of /home/u/.config/Workhost/workhost/workhost.json": for messages.
    QString describe() const;
    // How to start a host that would listen on this socket, for the "no host" message.
    QString howToStart() const;
};

} // namespace workhost::ctl
