#include <workhost/hosting/servicefailure.h>

namespace workhost {

QString ServiceFailure::describe() const
{
    const QString text = QStringLiteral("%1: %2").arg(service, enumName(kind));
    return error.isEmpty() ? text : text + QStringLiteral(" (%1)").arg(error);
}

} // namespace workhost
