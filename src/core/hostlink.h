#pragma once

#include "core/postbox.h"

#include <atomic>
#include <functional>

namespace workhost {

// How code on a service's thread reaches its host, which may be destroyed
// while an abandoned thread still runs. Shared (std::shared_ptr) by the host
// and its services. The host detaches it in its destructor; after that every
// call is a no-op. Calls only post events to the host's thread (Postbox).
class HostLink
{
public:
    struct Callbacks
    {
        std::function<void()> statusRequested; // must call takeStatusRequest() first
        std::function<void()> stopRequested;
    };

    HostLink(QObject *host, Callbacks callbacks)
        : m_postbox(host)
        , m_callbacks(std::move(callbacks))
    {}

    // Asks the host for a status batch. Posts at most once until the host
    // takes the request with takeStatusRequest(): that is the coalescing.
    void requestStatus()
    {
        if (!m_statusRequested.exchange(true))
            m_postbox.post(m_callbacks.statusRequested);
    }
    void takeStatusRequest() { m_statusRequested = false; }

    void requestHostStop() { m_postbox.post(m_callbacks.stopRequested); }

    void detach() { m_postbox.detach(); }

private:
    Postbox m_postbox;
    const Callbacks m_callbacks;
    std::atomic<bool> m_statusRequested = false;
};

} // namespace workhost
