#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>

#include <QList>
#include <QVariantMap>

namespace workhost {

// ConfigLoader's reader of the "logging" object and its per-worker "levels":
// checks them, keeps every key or level it does not take as written (under
// "logging", in `kept`), and returns the logging they say (LoggingConfig's
// defaults for the rest). Level names are configNames<LogLevel>(). A function
// of its arguments; any thread.
LoggingConfig readLoggingSection(const QVariantMap &logging, ConfigIssues &issues,
                                 QList<KeptValue> &kept);

} // namespace workhost
