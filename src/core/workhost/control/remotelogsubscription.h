#pragma once

#include <workhost/control/protocolmessages.h>
#include <workhost/control/reconnectingclient.h>
#include <workhost/session/logsubscription.h>

#include <QTimer>

namespace workhost {

// A LogSubscription over a host's control socket: its own connection,
// subscribed to the "logs" stream (docs/PROTOCOL.md), that survives
// reconnects. After each hello it subscribes with `from` = the last seq it
// saw, so no record comes twice; what the host can no longer send (`missed`
// in the reply, a `dropped` event, a `{lost: N}` record, an omitted one)
// becomes the next batch's missedBefore. A hello with another pid is another
// host, whose seqs start again at 1: it subscribes from 0 then. Records are
// delivered in batches at most every 25 ms (as LiveLogSubscription).
//
// Owner: the reader, through the unique_ptr RemoteHostSession::followLog()
// returned; independent of the session (it may outlive it). Lives on its
// creator's thread.
class RemoteLogSubscription final : public LogSubscription
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteLogSubscription)

public:
    RemoteLogSubscription(const QString &socketPath, quint64 afterSequence,
                          ReconnectingClient::Backoff backoff = {});
    ~RemoteLogSubscription() override;

    void takeNow() override;
    quint64 lastSequence() const override { return m_lastSequence; }

private:
    void onAttached(const ControlHello &hello);
    void subscribe();
    void onReply(const ControlReply &reply);
    void onEvent(const ControlEvent &event);
    void addMissed(quint64 count);

    ReconnectingClient m_link;
    QTimer m_pace;
    qint64 m_hostPid = 0;
    qint64 m_subscribeId = 0;
    quint64 m_lastSequence;
    LogRecords m_pending;
    quint64 m_pendingMissed = 0; // before m_pending's first record
};

} // namespace workhost
