#include <workhost/control/statusstream.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/eventstream.h>
#include <workhost/control/servicestatuscbor.h>
#include <workhost/hosting/host.h>

#include <QCborArray>
#include <QCborMap>

namespace workhost {

namespace {

QCborMap toCbor(const ServiceTransition &transition)
{
    QCborMap map;
    map.insert(QStringLiteral("kind"), QStringLiteral("transition"));
    map.insert(QStringLiteral("service"), transition.service);
    map.insert(QStringLiteral("from"), configName(transition.from));
    map.insert(QStringLiteral("to"), configName(transition.to));
    map.insert(QStringLiteral("at"), transition.at.toMSecsSinceEpoch());
    map.insert(QStringLiteral("reason"), transition.reason);
    if (transition.outcome)
        map.insert(QStringLiteral("outcome"), configName(*transition.outcome));
    map.insert(QStringLiteral("automaticRestart"), transition.automaticRestart);
    return map;
}

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
            [&stream](const ServiceTransition &transition) { stream.publish(toCbor(transition)); });
    connect(&host, &Host::statusesChanged, this,
            [&stream](const QList<ServiceStatus> &statuses) { stream.publish(toCbor(statuses)); });
}

} // namespace workhost
