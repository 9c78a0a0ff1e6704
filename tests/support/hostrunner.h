#pragma once

// Runs one service in a host for a test, and waits for states without
// sleeping blindly.

#include <workhost/hosting/host.h>
#include <workhost/hosting/service.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>

#include <memory>

namespace workhost::test {

class HostRunner
{
public:
    explicit HostRunner(std::unique_ptr<Service> service, ServiceOptions options = {},
                        HostOptions hostOptions = {})
        : host(hostOptions)
        , name(service->name())
    {
        host.addService(std::move(service), options);
    }

    ServiceStatus status() const { return *host.status(name); }
    ServiceState state() const { return status().state; }

    // Processes events until `condition` holds; false after `timeoutMs`.
    template <typename Condition>
    bool waitFor(Condition condition, int timeoutMs = 10000)
    {
        return QTest::qWaitFor(condition, timeoutMs);
    }
    bool waitForState(ServiceState wanted, int timeoutMs = 10000)
    {
        return waitFor([&] { return state() == wanted; }, timeoutMs);
    }
    bool start()
    {
        host.start();
        return waitFor([&] { return host.state() == HostState::Running; });
    }
    bool stop(int timeoutMs = 30000)
    {
        host.stop();
        return waitFor([&] { return host.state() == HostState::Stopped; }, timeoutMs);
    }

    Host host;
    const QString name;
};

} // namespace workhost::test
