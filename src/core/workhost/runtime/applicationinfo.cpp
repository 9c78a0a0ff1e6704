#include <workhost/runtime/applicationinfo.h>

namespace workhost {

QString ApplicationInfo::name()
{
    return QStringLiteral("Workhost");
}

QString ApplicationInfo::executable()
{
    return QStringLiteral("workhost");
}

QString ApplicationInfo::version()
{
    return QStringLiteral(WORKHOST_VERSION);
}

QString ApplicationInfo::description()
{
    return QStringLiteral("Desktop job monitor with an embedded worker host");
}

QString ApplicationInfo::organization()
{
    return QStringLiteral("Workhost");
}

} // namespace workhost
