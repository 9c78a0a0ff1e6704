#pragma once

#include <workhost/logging/loglevel.h>

#include <QtGlobal>

#include <spdlog/common.h>

namespace workhost {

// The one place where Workhost's LogLevel meets spdlog's levels and Qt's
// message types. Pure functions; any thread.

spdlog::level::level_enum toSpdlogLevel(LogLevel level);
// spdlog's `off` (and its n_levels count) is LogLevel::Off.
LogLevel fromSpdlogLevel(spdlog::level::level_enum level);
// qDebug is Debug, qInfo Info, qWarning Warning, qCritical Error, qFatal Critical.
LogLevel fromQtMsgType(QtMsgType type);

} // namespace workhost
