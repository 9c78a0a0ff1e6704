#pragma once

#include <QObject>

#include <functional>
#include <mutex>

namespace workhost {

// Posts calls from any thread to a QObject's thread, for as long as that
// object is attached: the object detaches in its destructor, and after that
// post() is a no-op. Shared (std::shared_ptr) between the object and the
// threads that reach it, which may outlive it.
//
// Each call travels as an event to a small relay, a child of the receiver (so
// it lives on the receiver's thread and dies with it), which runs the calls in
// the order they were posted. The relay orders each hand-off with an atomic of
// its own as well as through Qt's event queue, so that ThreadSanitizer sees it
// (Debian's Qt is not instrumented, see .ci/tsan.supp).
//
// post() only posts an event; its mutex guards the receiver's lifetime while
// posting and is never held while a signal is emitted.
class Postbox
{
public:
    explicit Postbox(QObject *receiver);
    Postbox(const Postbox &) = delete;
    Postbox &operator=(const Postbox &) = delete;

    template <typename Call>
    void post(Call call)
    {
        postCall(std::function<void()>(std::move(call)));
    }

    void detach();

private:
    class Relay;
    void postCall(std::function<void()> call);

    std::mutex m_mutex;
    Relay *m_relay; // a child of the receiver; null once detached
};

} // namespace workhost
