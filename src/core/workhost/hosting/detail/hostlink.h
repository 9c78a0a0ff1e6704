#pragma once

#include <workhost/hosting/detail/postbox.h>

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
        std::function<void()> statusRequested; // opens a status window (see requestStatus())
        std::function<void()> stopRequested;
    };

    HostLink(QObject *host, Callbacks callbacks)
        : m_postbox(host)
        , m_callbacks(std::move(callbacks))
    {}

    // Asks the host for a status batch, from any service's thread. The bound:
    // at most one post (one wake-up of the host's thread) per host between two
    // status batches, so at most one per HostOptions::statusInterval, however
    // many services update their counters and however fast. The request stays
    // pending from its post until the host publishes the next batch, which
    // calls takeStatusRequest() before it reads the counters: an update made
    // before that read is in the batch, one made after it posts again. (Taking
    // the request when the post arrived, as before, let a flood post an event
    // for about every second update.)
    void requestStatus()
    {
        if (!m_statusRequested.exchange(true))
            m_postbox.post(m_callbacks.statusRequested);
    }
    // The host's thread, as a batch is published, before reading the counters.
    void takeStatusRequest() { m_statusRequested = false; }

    void requestHostStop() { m_postbox.post(m_callbacks.stopRequested); }

    void detach() { m_postbox.detach(); }

private:
    Postbox m_postbox;
    const Callbacks m_callbacks;
    std::atomic<bool> m_statusRequested = false;
};

} // namespace workhost
