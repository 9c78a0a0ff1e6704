#include "core/logging.h"

#include <spdlog/spdlog.h>

namespace workhost::logging {

std::shared_ptr<spdlog::logger> loggerFor(const QString &name)
{
    std::shared_ptr<spdlog::logger> logger = spdlog::default_logger()->clone(name.toStdString());
    logger->set_level(spdlog::default_logger()->level());
    return logger;
}

} // namespace workhost::logging
