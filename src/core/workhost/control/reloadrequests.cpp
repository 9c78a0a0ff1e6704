#include <workhost/control/reloadrequests.h>

#include <workhost/config/enumnames.h>
#include <workhost/hosting/host.h>
#include <workhost/runtime/configurationreload.h>

#include <QCborArray>

namespace workhost {

namespace {

QCborArray namesOf(const QStringList &names)
{
    return QCborArray::fromStringList(names);
}

QCborArray namesOf(const QList<WorkerConfig> &workers)
{
    QCborArray names;
    for (const WorkerConfig &worker : workers)
        names.append(worker.name);
    return names;
}

} // namespace

ReloadRequests::ReloadRequests(Host &host, ConfigurationReload *reload, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_reload(reload)
{
    if (!m_reload)
        return;
    connect(m_reload, &ConfigurationReload::started, this, [this] {
        m_current += m_waiting;
        m_waiting.clear();
    });
    connect(m_reload, &ConfigurationReload::finished, this,
            [this](bool applied, const QString &) { onFinished(applied); });
    // A reload asked for before the host ran never begins once it stops.
    connect(&host, &Host::stateChanged, this, [this](HostState state) {
        if (state == HostState::Stopping)
            refuseAll(m_waiting, QStringLiteral("the host is stopping"));
    });
}

void ReloadRequests::answer(const ControlRequest &request, const DeferredReply &reply)
{
    if (!m_reload) {
        reply.send(
            ControlReply::failure(request.id, errorcode::unavailable,
                                  QStringLiteral("this host has no configuration file to reload")));
        return;
    }
    if (m_host.state() == HostState::Stopping || m_host.state() == HostState::Stopped) {
        reply.send(ControlReply::failure(
            request.id, errorcode::unavailable,
            QStringLiteral("the host is %1").arg(configName(m_host.state()))));
        return;
    }
    m_waiting << reply;
    m_reload->reload(); // may begin, and even finish, before it returns
}

void ReloadRequests::onFinished(bool applied)
{
    QList<DeferredReply> replies;
    replies.swap(m_current);
    if (applied) {
        for (const DeferredReply &reply : std::as_const(replies))
            reply.send(ControlReply::success(0, result()));
        return;
    }
    const QStringList errors = m_reload->lastErrors();
    if (errors.isEmpty()) { // the host's stop ended it
        refuseAll(replies, QStringLiteral("the reload did not finish: the host is stopping"));
        refuseAll(m_waiting, QStringLiteral("the host is stopping"));
        return;
    }
    const QString message = QStringLiteral("%1 has %2 error(s); nothing changed:\n%3")
                                .arg(m_reload->path())
                                .arg(errors.size())
                                .arg(errors.join(QLatin1Char('\n')));
    for (const DeferredReply &reply : std::as_const(replies))
        reply.send(ControlReply::failure(0, errorcode::badConfiguration, message));
}

void ReloadRequests::refuseAll(QList<DeferredReply> &replies, const QString &why)
{
    QList<DeferredReply> refused;
    refused.swap(replies);
    for (const DeferredReply &reply : std::as_const(refused))
        reply.send(ControlReply::failure(0, errorcode::unavailable, why));
}

QCborMap ReloadRequests::result() const
{
    const ReloadPlan &plan = m_reload->lastPlan();
    return QCborMap{{QStringLiteral("anythingChanged"), !plan.changesNothing()},
                    {QStringLiteral("summary"), plan.summary()},
                    {QStringLiteral("added"), namesOf(plan.added)},
                    {QStringLiteral("removed"), namesOf(plan.removed)},
                    {QStringLiteral("changed"), namesOf(plan.changed)},
                    {QStringLiteral("unchanged"), namesOf(plan.unchanged)},
                    {QStringLiteral("hostSettingsChanged"), plan.hostSettingsChanged}};
}

} // namespace workhost
