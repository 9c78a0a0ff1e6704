#pragma once

#include <workhost/control/protocolmessages.h>
#include <workhost/hosting/servicestatus.h>
#include <workhost/session/commandresult.h>

#include <QList>
#include <QStringList>

#include <optional>

class QCborArray;
class QCborValue;

namespace workhost {

// How RemoteHostSession reads the host's replies. Any thread.

// The statuses of a "services" array; std::nullopt (and a warning naming the
// field) when one cannot be read.
std::optional<QList<ServiceStatus>> statusesFromCbor(const QCborArray &array);

// The texts of an array ("removed": [names]).
QStringList textList(const QCborValue &value);

// What the reply to one of the session's commands (`method`) comes to.
CommandResult commandResultOf(const QString &method, const ControlReply &reply);

} // namespace workhost
