#pragma once

#include <workhost/session/commandresult.h>

#include <QPointer>

#include <functional>
#include <memory>

class QObject;

namespace workhost {

// Where the answer to one HostSession command goes: a handler, run on the
// thread of a context object, as QTimer::singleShot(0, context, functor) runs
// one.
//
//     session.startWorker(name, CommandReply(this, [this](const CommandResult &result) {
//         if (!result.ok())
//             statusBar()->showMessage(result.message);
//     }));
//
// Guarantees, whichever session answers (in-process or remote):
//  - the handler runs at most once, always from the event loop, never
//    inside the call that sent the command (so state the caller sets up
//    after the call is in place when it runs);
//  - never after `context` is destroyed (the answer is then dropped);
//  - a reply that the session destroys without answering (the session ends,
//    a connection is lost) answers Unanswered: no command is left hanging.
// A default-constructed reply is "nobody listens": answers go nowhere.
//
// A move-only value owned by whoever holds the command (the session, then
// the code that will answer it). The handler runs on the context's thread;
// answer() may be called from any thread.
class CommandReply
{
public:
    using Handler = std::function<void(const CommandResult &result)>;

    CommandReply() = default;
    CommandReply(QObject *context, Handler handler);
    CommandReply(CommandReply &&other) noexcept = default;
    CommandReply &operator=(CommandReply &&other) noexcept;
    CommandReply(const CommandReply &) = delete;
    CommandReply &operator=(const CommandReply &) = delete;
    ~CommandReply(); // answers Unanswered if nobody answered

    // Sends `result` to the handler (queued to its context). Only the first
    // answer counts; later ones are ignored.
    void answer(CommandResult result);
    bool isAnswered() const { return !m_handler; }

private:
    QPointer<QObject> m_context;
    std::unique_ptr<Handler> m_handler; // null once answered, or when nobody listens
};

} // namespace workhost
