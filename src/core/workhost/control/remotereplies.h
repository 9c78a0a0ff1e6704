#pragma once

#include <workhost/control/protocolmessages.h>
#include <workhost/hosting/servicestatus.h>
#include <workhost/session/commandresult.h>

#include <QHash>
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

// Whether a command (`method`) changes the host's configuration: its answer
// waits for the "describe" that shows the change.
bool changesConfiguration(const QString &method);

// Keeps each status's `type` in `types` (worker -> type); a status without
// one leaves what was known.
void rememberTypes(QHash<QString, QString> &types, const QCborArray &statuses);

} // namespace workhost
