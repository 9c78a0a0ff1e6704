#include <workhost/hosting/detail/postbox.h>

#include <QCoreApplication>
#include <QEvent>

#include <atomic>

namespace workhost {

namespace {

const auto callEventType = static_cast<QEvent::Type>(QEvent::registerEventType());

// One posted call; allocated on the posting thread, run and deleted on the receiver's.
class CallEvent : public QEvent
{
public:
    explicit CallEvent(std::function<void()> call)
        : QEvent(callEventType)
        , call(std::move(call))
    {}

    const std::function<void()> call;
};

} // namespace

// Lives on the receiver's thread. post() from any thread, event() on its own.
class Postbox::Relay : public QObject
{
public:
    explicit Relay(QObject *receiver)
        : QObject(receiver)
    {}

    // Events still queued are deleted by ~QObject, after this: acquire for them too.
    ~Relay() override { acquirePosted(); }

    void post(CallEvent *event)
    {
        // Release after the event is built: event() acquires before it reads it.
        m_posted.fetch_add(1, std::memory_order_release);
        QCoreApplication::postEvent(this, event);
    }

protected:
    bool event(QEvent *event) override
    {
        acquirePosted();
        if (event->type() != callEventType)
            return QObject::event(event);
        static_cast<CallEvent *>(event)->call();
        return true;
    }

private:
    void acquirePosted() const
    {
        [[maybe_unused]] auto count = m_posted.load(std::memory_order_acquire);
    }

    std::atomic<quint64> m_posted = 0;
};

Postbox::Postbox(QObject *receiver)
    : m_relay(new Relay(receiver))
{}

void Postbox::postCall(std::function<void()> call)
{
    auto *event = new CallEvent(std::move(call));
    std::lock_guard lock(m_mutex);
    if (m_relay)
        m_relay->post(event);
    else
        delete event;
}

void Postbox::detach()
{
    std::lock_guard lock(m_mutex);
    m_relay = nullptr; // the receiver deletes it, with the calls still queued
}

} // namespace workhost
