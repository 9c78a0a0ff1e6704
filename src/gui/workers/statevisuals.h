#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/models/statetext.h> // the state's words: stateLabel(), stateText()

#include <QColor>
#include <QIcon>

namespace workhost {

// How a service state looks on screen: a colour and a small round icon (its
// words are the core's, statetext.h). Used by the workers table and the
// details pane.
QColor stateColor(ServiceState state);
QIcon stateIcon(ServiceState state); // cached; GUI thread only

} // namespace workhost
