#pragma once

#include <workhost/control/protocolmessages.h>

namespace workhost {

class Host;

// The control socket's "start", "stop" and "restart": params `{names: [text,
// ...]}` (1 to 1,000 names) or `{all: true}` (every service, in the host's
// order); the result `{results: [{name, ok, message}]}`, one per name, in the
// order asked. They return once each command is issued; the "statuses" stream
// tells when it has taken effect. A name the host does not know is ok: false,
// "no worker named X"; a refusal says why (the host is not running; a stop
// that timed out has not returned yet). A start of a running service, or a
// stop of one at rest, is ok: true ("already running", "already stopped").
//
// Functions of the host's thread (they call the Host).
enum class ServiceCommand { Start, Stop, Restart };

ControlReply answerServiceCommand(Host &host, ServiceCommand command,
                                  const ControlRequest &request);

} // namespace workhost
