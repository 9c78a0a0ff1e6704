#include <workhost/control/statusstream.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/eventstream.h>
#include <workhost/control/servicetransitioncbor.h>
#include <workhost/control/shutdownprogresscbor.h>
#include <workhost/control/statusdetails.h>
#include <workhost/hosting/host.h>

#include <QCborArray>
#include <QCborMap>

namespace workhost {

namespace {

const QString kKind = QStringLiteral("kind");
const QString kService = QStringLiteral("service");

} // namespace

StatusStream::StatusStream(Host &host, EventStream &stream, WorkerType workerType, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_stream(stream)
    , m_workerType(std::move(workerType))
{
    connect(&host, &Host::stateChanged, this, [this](HostState state) {
        m_stream.publish(QCborMap{{kKind, QStringLiteral("host")},
                                  {QStringLiteral("state"), configName(state)}});
    });
    connect(&host, &Host::serviceAdded, this, &StatusStream::publishAdded);
    connect(&host, &Host::serviceRemoved, this, [this](const QString &name) {
        m_stream.publish(QCborMap{{kKind, QStringLiteral("removed")}, {kService, name}});
    });
    connect(&host, &Host::serviceStateChanged, this, [this](const ServiceTransition &transition) {
        m_stream.publish(workhost::toCbor(transition));
    });
    // Direct, like "host": the last report comes before the state Stopped,
    // which a client gets before the host closes its connections.
    connect(&host, &Host::shutdownProgressChanged, this, [this](const ShutdownProgress &progress) {
        m_stream.publish(QCborMap{{kKind, QStringLiteral("shutdown")},
                                  {QStringLiteral("progress"), workhost::toCbor(progress)}});
    });
    connect(&host, &Host::statusesChanged, this, [this](const QList<ServiceStatus> &statuses) {
        QCborArray array;
        for (const ServiceStatus &status : statuses)
            array.append(typedStatus(status, typeOf(status.name)));
        m_stream.publish(
            QCborMap{{kKind, QStringLiteral("statuses")}, {QStringLiteral("statuses"), array}});
    });
}

// With its status: a service added at rest may send no statuses batch until
// it first changes, and a client shows it at once.
void StatusStream::publishAdded(const QString &name)
{
    const QString type = typeOf(name);
    QCborMap event{{kKind, QStringLiteral("added")}, {kService, name}};
    if (!type.isEmpty())
        event.insert(QStringLiteral("type"), type);
    if (const std::optional<ServiceStatus> status = m_host.status(name))
        event.insert(QStringLiteral("status"), typedStatus(*status, type));
    m_stream.publish(event);
}

QString StatusStream::typeOf(const QString &name) const
{
    return m_workerType ? m_workerType(name) : QString();
}

} // namespace workhost
