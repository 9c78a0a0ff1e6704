#pragma once

#include <QMetaObject>
#include <QObject>

#include <mutex>

namespace workhost {

// Posts calls from any thread to a QObject's thread, for as long as that
// object is attached: the object detaches in its destructor, and after that
// post() is a no-op. Shared (std::shared_ptr) between the object and the
// threads that reach it, which may outlive it.
//
// post() only posts an event; its mutex guards the receiver's lifetime while
// posting and is never held while a signal is emitted.
class Postbox
{
public:
    explicit Postbox(QObject *receiver)
        : m_receiver(receiver)
    {}

    template <typename Call>
    void post(Call call)
    {
        std::lock_guard lock(m_mutex);
        if (m_receiver)
            QMetaObject::invokeMethod(m_receiver, std::move(call), Qt::QueuedConnection);
    }

    void detach()
    {
        std::lock_guard lock(m_mutex);
        m_receiver = nullptr;
    }

private:
    std::mutex m_mutex;
    QObject *m_receiver;
};

} // namespace workhost
