#pragma once

// A blocking view of a ControlClient for bench_control: connect, call a method
// and wait for its reply, each with a bound. It runs a local event loop while
// it waits, so it is used on a thread with no other work (the bench's main
// thread, or a LogFollower's own thread). Owner: the caller; one thread.

#include <workhost/control/controlclient.h>

#include <QString>

#include <optional>

namespace bench {

class ControlProbe
{
public:
    ControlProbe();
    ~ControlProbe();
    ControlProbe(const ControlProbe &) = delete;
    ControlProbe &operator=(const ControlProbe &) = delete;

    // Connects and waits for the host's hello; false after `timeoutSeconds`.
    bool connectTo(const QString &socketPath, double timeoutSeconds);
    // Sends the request and waits for its reply; nothing on a timeout or a lost connection.
    std::optional<workhost::ControlReply> call(const QString &method, const QCborMap &params,
                                               double timeoutSeconds);
    workhost::ControlClient &client() { return m_client; }

private:
    workhost::ControlClient m_client;
};

} // namespace bench
