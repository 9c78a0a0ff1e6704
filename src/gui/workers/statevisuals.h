#pragma once

#include "core/hoststates.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace workhost {

// How a service state looks on screen: a label for people, a colour and a
// small round icon. Used by the workers table, the details pane and the tray.
QString stateLabel(ServiceState state); // "Backing off", "Timed out", ...
QColor stateColor(ServiceState state);
QIcon stateIcon(ServiceState state); // cached; GUI thread only

} // namespace workhost
