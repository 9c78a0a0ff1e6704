#pragma once

#include <QMetaObject>
#include <QObject>

#include <atomic>
#include <functional>
#include <mutex>

namespace workhost {

// How code on a service's thread reaches its host, which may be destroyed
// while an abandoned thread still runs. Shared (std::shared_ptr) by the host
// and its services. The host detaches it in its destructor; after that every
// call is a no-op.
//
// Calls only post events to the host's thread. The mutex guards the host's
// lifetime while posting; it is never held while a signal is emitted.
class HostLink
{
public:
    struct Callbacks
    {
        std::function<void()> statusRequested; // must call takeStatusRequest() first
        std::function<void()> stopRequested;
    };

    HostLink(QObject *host, Callbacks callbacks)
        : m_host(host)
        , m_callbacks(std::move(callbacks))
    {}

    // Asks the host for a status batch. Posts at most once until the host
    // takes the request with takeStatusRequest(): that is the coalescing.
    void requestStatus()
    {
        if (!m_statusRequested.exchange(true))
            post(m_callbacks.statusRequested);
    }
    void takeStatusRequest() { m_statusRequested = false; }

    void requestHostStop() { post(m_callbacks.stopRequested); }

    void detach()
    {
        std::lock_guard lock(m_mutex);
        m_host = nullptr;
    }

private:
    void post(const std::function<void()> &call)
    {
        std::lock_guard lock(m_mutex);
        if (m_host)
            QMetaObject::invokeMethod(m_host, call, Qt::QueuedConnection);
    }

    std::mutex m_mutex;
    QObject *m_host;
    const Callbacks m_callbacks;
    std::atomic<bool> m_statusRequested = false;
};

} // namespace workhost
