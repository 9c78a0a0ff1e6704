#include <workhost/hosting/addserviceresult.h>

namespace workhost {

QString refusalMessage(AddServiceRefusal refusal, const QString &service)
{
    switch (refusal) {
    case AddServiceRefusal::None:
        return {};
    case AddServiceRefusal::NoService:
        return QStringLiteral("no service given (a null pointer)");
    case AddServiceRefusal::DuplicateName:
        return QStringLiteral("a service named \"%1\" is already in the host").arg(service);
    case AddServiceRefusal::HostStopping:
        return QStringLiteral("the host is stopping: it takes no new service (\"%1\")")
            .arg(service);
    case AddServiceRefusal::HostStopped:
        return QStringLiteral("the host has stopped: it takes no new service (\"%1\")")
            .arg(service);
    }
    return {};
}

} // namespace workhost
