#pragma once

#include <QMetaType>
#include <QObject>

namespace workhost {

// The log level enum lives in a namespace of its own because each Q_NAMESPACE
// gets one meta-object: hoststates.h already holds workhost's. Callers write
// workhost::LogLevel; the alias below makes that work.
namespace logging {
Q_NAMESPACE

// Severity of a log line, as spdlog's levels (trace to critical).
enum class LogLevel { Trace, Debug, Info, Warning, Error, Critical, Off };
Q_ENUM_NS(LogLevel)

} // namespace logging

using logging::LogLevel;

} // namespace workhost
