#pragma once

#include <workhost/logging/loglevel.h>

#include <QColor>

namespace workhost {

// The colour of a log level's text, readable on light and dark palettes.
QColor colorForLevel(LogLevel level);

} // namespace workhost
