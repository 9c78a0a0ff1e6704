#pragma once

#include <QLoggingCategory>

namespace workhost {

// "workhost.remote": what RemoteHostSession and the parts that read the
// host's replies for it warn about (a status or a type that cannot be read).
Q_DECLARE_LOGGING_CATEGORY(remoteLog)

} // namespace workhost
