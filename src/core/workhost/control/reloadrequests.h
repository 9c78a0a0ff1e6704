#pragma once

#include <workhost/control/deferredreply.h>

#include <QList>
#include <QObject>

namespace workhost {

class ConfigurationReload;
class Host;

// The control socket's "reload": runs the host's ConfigurationReload and
// answers once it has finished (a DeferredReply), with what it did:
//
//   {anythingChanged, summary, added: [names], removed: [names],
//    changed: [names], unchanged: [names], hostSettingsChanged}
//
// A file with errors is a `badConfiguration` error whose message lists each
// one ("<file>: error: workers[0].type: unknown worker type \"nope\""), and
// nothing changes. A request during a reload is answered by the reload that
// follows it (so it sees the file as it is after the request); one before
// the host runs waits for it. A host that is stopping, or has no reload (an
// embedder's host without a configuration file), answers `unavailable`.
//
// Owner: HostControl, on the host's thread; `reload` outlives it.
class ReloadRequests : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReloadRequests)

public:
    ReloadRequests(Host &host, ConfigurationReload *reload, QObject *parent = nullptr);

    void answer(const ControlRequest &request, const DeferredReply &reply);

private:
    void onFinished(bool applied);
    void refuseAll(QList<DeferredReply> &replies, const QString &why);
    QCborMap result() const;

    Host &m_host;
    ConfigurationReload *const m_reload;
    QList<DeferredReply> m_waiting; // asked before the reload that will answer them began
    QList<DeferredReply> m_current; // the reload under way answers these
};

} // namespace workhost
