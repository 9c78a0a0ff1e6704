#pragma once

#include <QString>

#include <memory>

namespace spdlog {
class logger;
}

namespace workhost::logging {

// A logger named `name` that writes to the same sinks as the application's
// default logger, with the default logger's level.
std::shared_ptr<spdlog::logger> loggerFor(const QString &name);

} // namespace workhost::logging
