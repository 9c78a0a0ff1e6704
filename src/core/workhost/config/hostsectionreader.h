#pragma once

#include <workhost/config/configissue.h>
#include <workhost/config/configuration.h>
#include <workhost/hosting/hostoptions.h>

#include <QList>
#include <QVariantMap>

namespace workhost {

// ConfigLoader's reader of the "host" object: checks it against the host's
// settings, keeps every key it does not take as written (under "host", in
// `kept`), and returns the options it says (HostOptions' defaults for the
// rest). A function of its arguments; any thread.
HostOptions readHostSection(const QVariantMap &host, ConfigIssues &issues, QList<KeptValue> &kept);

} // namespace workhost
