#include <workhost/control/remotelogsubscription.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/controlclient.h>

namespace workhost {

namespace {

constexpr int paceMs = 25;

LogRecord recordFromCbor(quint64 sequence, const QCborMap &map)
{
    LogRecord record;
    record.sequence = sequence;
    record.timeUsec = map.value(QStringLiteral("time")).toInteger();
    record.level = parseConfigName<LogLevel>(map.value(QStringLiteral("level")).toString())
                       .value_or(LogLevel::Info);
    record.service = map.value(QStringLiteral("service")).toString();
    record.threadId = quint64(map.value(QStringLiteral("thread")).toInteger());
    record.message = map.value(QStringLiteral("message")).toString();
    return record;
}

} // namespace

RemoteLogSubscription::RemoteLogSubscription(const QString &socketPath, quint64 afterSequence,
                                             ReconnectingClient::Backoff backoff)
    : m_link(socketPath, backoff)
    , m_lastSequence(afterSequence)
{
    m_pace.setSingleShot(true);
    m_pace.setInterval(paceMs);
    connect(&m_pace, &QTimer::timeout, this, &RemoteLogSubscription::takeNow);
    connect(&m_link, &ReconnectingClient::attached, this, &RemoteLogSubscription::onAttached);
    connect(&m_link.client(), &ControlClient::replyReceived, this, &RemoteLogSubscription::onReply);
    connect(&m_link.client(), &ControlClient::eventReceived, this, &RemoteLogSubscription::onEvent);
    m_link.start();
}

RemoteLogSubscription::~RemoteLogSubscription() = default;

void RemoteLogSubscription::takeNow()
{
    m_pace.stop();
    if (m_pending.empty() && m_pendingMissed == 0)
        return;
    LogRecords records;
    records.swap(m_pending);
    const quint64 missed = std::exchange(m_pendingMissed, 0);
    Q_EMIT batchReady(records, missed);
}

void RemoteLogSubscription::onAttached(const ControlHello &hello)
{
    if (m_hostPid != 0 && hello.hostPid != m_hostPid)
        m_lastSequence = 0; // another host: its records are numbered from 1 again
    m_hostPid = hello.hostPid;
    subscribe();
}

void RemoteLogSubscription::subscribe()
{
    m_subscribeId = m_link.client().request(
        QStringLiteral("subscribe"), QCborMap{{QStringLiteral("stream"), QStringLiteral("logs")},
                                              {QStringLiteral("from"), qint64(m_lastSequence)}});
}

void RemoteLogSubscription::onReply(const ControlReply &reply)
{
    if (reply.id != m_subscribeId)
        return;
    if (reply.isError()) {
        // A `from` past the host's newest: a seq of another host (one that
        // had our pid, or a first `afterSequence` from elsewhere).
        if (reply.error->code == errorcode::badParams && m_lastSequence > 0) {
            m_lastSequence = 0;
            subscribe();
        }
        return;
    }
    addMissed(quint64(reply.result.toMap().value(QStringLiteral("missed")).toInteger()));
}

void RemoteLogSubscription::onEvent(const ControlEvent &event)
{
    if (event.stream != QLatin1String("logs") || quint64(event.seq) <= m_lastSequence)
        return; // never a record twice
    m_lastSequence = quint64(event.seq);
    const QCborMap payload = event.payload.toMap();
    if (payload.contains(QStringLiteral("lost")))
        addMissed(quint64(payload.value(QStringLiteral("lost")).toInteger()));
    else if (payload.contains(QStringLiteral("dropped")))
        addMissed(quint64(payload.value(QStringLiteral("dropped")).toInteger()));
    else if (payload.contains(QStringLiteral("omitted")))
        addMissed(1);
    else
        m_pending.push_back(recordFromCbor(quint64(event.seq), payload));
    if (!m_pace.isActive())
        m_pace.start();
}

void RemoteLogSubscription::addMissed(quint64 count)
{
    if (count == 0)
        return;
    if (!m_pending.empty())
        takeNow(); // the count belongs before the records still to come
    m_pendingMissed += count;
    if (!m_pace.isActive())
        m_pace.start();
}

} // namespace workhost
