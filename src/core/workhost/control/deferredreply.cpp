#include <workhost/control/deferredreply.h>

#include <workhost/control/controlconnection.h>

#include <QPointer>

namespace workhost {

struct DeferredReply::State
{
    QPointer<ControlConnection> connection;
    qint64 requestId = 0;
    bool answered = false;

    void answer(const ControlReply &reply)
    {
        if (answered)
            return;
        answered = true;
        if (connection)
            connection->sendDeferredReply(reply);
    }

    ~State()
    {
        answer(ControlReply::failure(requestId, errorcode::internal,
                                     QStringLiteral("the host dropped the request unanswered")));
    }
};

DeferredReply::DeferredReply(ControlConnection &connection, qint64 requestId)
    : m_state(std::make_shared<State>())
{
    m_state->connection = &connection;
    m_state->requestId = requestId;
}

qint64 DeferredReply::requestId() const
{
    return m_state->requestId;
}

bool DeferredReply::isAnswered() const
{
    return m_state->answered;
}

void DeferredReply::send(ControlReply reply) const
{
    reply.id = m_state->requestId;
    m_state->answer(reply);
}

} // namespace workhost
