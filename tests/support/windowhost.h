#pragma once

// The host a window test shows: statuses every 20 ms (a change reaches the
// window at once) and a bounded shutdown; stopped at the test's end with a
// bounded wait, after the window and any session over its socket are gone.
//
//     Host host(test::windowHostOptions());
//     ...
//     test::stopAndWait(host);

#include <workhost/hosting/host.h>

#include <QTest>

#include <chrono>

namespace workhost::test {

inline HostOptions
windowHostOptions(std::chrono::milliseconds shutdownTimeout = std::chrono::seconds(5))
{
    HostOptions options;
    options.shutdownTimeout = shutdownTimeout;
    options.statusInterval = std::chrono::milliseconds(20);
    return options;
}

// Generous: a loaded machine under a sanitizer.
inline void stopAndWait(Host &host, int timeoutMs = 30000)
{
    host.stop();
    if (!QTest::qWaitFor([&] { return host.state() == HostState::Stopped; }, timeoutMs))
        qWarning("the host did not stop");
}

} // namespace workhost::test
