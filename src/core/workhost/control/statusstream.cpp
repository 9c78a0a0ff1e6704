#include <workhost/control/statusstream.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/eventstream.h>
#include <workhost/control/servicestatuscbor.h>
#include <workhost/control/servicetransitioncbor.h>
#include <workhost/hosting/host.h>

#include <QCborArray>
#include <QCborMap>

namespace workhost {

namespace {

QCborMap toCbor(const QList<ServiceStatus> &statuses)
{
    QCborArray array;
    for (const ServiceStatus &status : statuses)
        array.append(workhost::toCbor(status));
    return QCborMap{{QStringLiteral("kind"), QStringLiteral("statuses")},
                    {QStringLiteral("statuses"), array}};
}

} // namespace

StatusStream::StatusStream(Host &host, EventStream &stream, QObject *parent)
    : QObject(parent)
{
    connect(&host, &Host::serviceStateChanged, this,
            [&stream](const ServiceTransition &transition) {
                stream.publish(workhost::toCbor(transition));
            });
    connect(&host, &Host::statusesChanged, this,
            [&stream](const QList<ServiceStatus> &statuses) { stream.publish(toCbor(statuses)); });
}

} // namespace workhost
