#pragma once

#include <workhost/control/protocolmessages.h>

#include <memory>

namespace workhost {

class ControlConnection;

// The answer to a request that a method gives later (ControlServer::
// setDeferredMethod()): a reload replies once the reload has finished. A
// small value, copied freely; the first send() answers, later ones do
// nothing. Until it is answered the connection reads no further request, so
// that replies still come in the order the requests arrived. Should every
// copy go without an answer, the client gets an `internal` error rather than
// waiting for ever. A client gone meanwhile makes send() do nothing.
//
// Owner: the method that took it, on the host's thread (as the connection).
class DeferredReply
{
public:
    DeferredReply(ControlConnection &connection, qint64 requestId);

    qint64 requestId() const;
    bool isAnswered() const;
    // Sends `reply` (its id replaced by the request's) if none was sent yet.
    void send(ControlReply reply) const;

private:
    struct State;
    std::shared_ptr<State> m_state;
};

} // namespace workhost
