#pragma once

#include <workhost/hosting/hoststates.h>

#include <QColor>
#include <QIcon>
#include <QString>

#include <optional>

namespace workhost {

// How a service state looks on screen: a label for people, a colour and a
// small round icon. Used by the workers table, the details pane and the tray.
QString stateLabel(ServiceState state);   // "Backing off", "Timed out", ...
QString outcomeLabel(RunOutcome outcome); // "Completed", "Stopped on request", "Cancelled", ...
// A state with the outcome that put it there, where the state alone is
// ambiguous: Stopped is "Completed" after a completion, "Stopped (cancelled)"
// after a throw on cancellation; any other state is its label.
QString stateText(ServiceState state, std::optional<RunOutcome> lastOutcome);
QColor stateColor(ServiceState state);
QIcon stateIcon(ServiceState state); // cached; GUI thread only

} // namespace workhost
