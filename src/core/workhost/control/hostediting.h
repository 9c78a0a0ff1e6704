#pragma once

namespace workhost {

class ControlServer;
class HostSession;

// The control socket's methods that read and edit a host through its
// in-process HostSession (the window's own, or headless mode's), so that a
// window attached over the socket can do what a window in the host's
// process does (docs/PROTOCOL.md):
//
//   describe   {configPath, configuration, types, workers: [{name, actions}]}
//   add        {worker: <an entry of "workers", as a file writes it>}
//   remove     {name}
//   settings   {name, settings: map}
//   action     {name, action, count}
//   logLevel   {logger ("" for the global level), level: text or null}
//   save       {}
//
// Each answers once the session has answered the command: {message} when it
// was done, a `refused` error saying why when it was not; `badParams` names
// a wrong field, and an `add` whose worker does not check lists every error.
// The session outlives the server (both are the host's owner's).
void setEditingMethods(ControlServer &server, HostSession &session);

} // namespace workhost
