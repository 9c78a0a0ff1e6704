#pragma once

#include <workhost/config/settingspec.h>

#include <QVariantMap>

#include <chrono>

namespace workhost {

// Reading checked settings (see SettingSpec): durations are seconds in the
// file and milliseconds in the code (at least 1 ms: SettingSpec::secondsResolution).
inline std::chrono::milliseconds secondsSetting(const QVariantMap &settings, const char *key)
{
    return millisecondsFromSeconds(settings.value(QLatin1String(key)).toDouble());
}

} // namespace workhost
