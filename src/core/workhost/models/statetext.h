#pragma once

#include <workhost/hosting/hoststates.h>

#include <QString>

#include <optional>

namespace workhost {

// How a service state reads for people (translatable, QObject context). Used
// by the workers' models here and by the window's details pane; their colours and icons are the
// window's (src/gui/workers/statevisuals.h).
QString stateLabel(ServiceState state);   // "Backing off", "Timed out", ...
QString outcomeLabel(RunOutcome outcome); // "Completed", "Stopped on request", "Cancelled", ...
// A state with the outcome that put it there, where the state alone is
// ambiguous: Stopped is "Completed" after a completion, "Stopped (cancelled)"
// after a throw on cancellation; any other state is its label.
QString stateText(ServiceState state, std::optional<RunOutcome> lastOutcome);

} // namespace workhost
