#pragma once

#include <QVariantMap>

#include <chrono>

namespace workhost {

// Reading checked settings (see SettingSpec): durations are seconds in the
// file and milliseconds in the code.
inline std::chrono::milliseconds secondsSetting(const QVariantMap &settings, const char *key)
{
    return std::chrono::milliseconds(
        qRound64(settings.value(QLatin1String(key)).toDouble() * 1000));
}

} // namespace workhost
