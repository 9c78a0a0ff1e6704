#include "gui/log/loglevelcolors.h"
#include <workhost/logging/loglevel.h>

namespace workhost {

QColor colorForLevel(LogLevel level)
{
    switch (level) {
    case LogLevel::Trace:
        return QColor(0x80, 0x80, 0x80);
    case LogLevel::Debug:
        return QColor(0x5a, 0x7d, 0x9a);
    case LogLevel::Info:
        return {};
    case LogLevel::Warning:
        return QColor(0xc0, 0x7a, 0x00);
    case LogLevel::Error:
        return QColor(0xd0, 0x30, 0x30);
    case LogLevel::Critical:
        return QColor(0xa0, 0x00, 0xa0);
    case LogLevel::Off:
        return {};
    }
    return {};
}

} // namespace workhost
