#include <workhost/session/commandreply.h>

#include <QObject>

namespace workhost {

CommandReply::CommandReply(QObject *context, Handler handler)
    : m_context(context)
{
    Q_ASSERT_X(!handler || context, "CommandReply",
               "a handler needs a context object: its thread runs it, its end drops it");
    if (handler)
        m_handler = std::make_unique<Handler>(std::move(handler));
}

CommandReply &CommandReply::operator=(CommandReply &&other) noexcept
{
    if (this == &other)
        return *this;
    answer(CommandResult::unanswered(QObject::tr("the command was replaced by another")));
    m_context = std::move(other.m_context);
    m_handler = std::move(other.m_handler);
    return *this;
}

CommandReply::~CommandReply()
{
    answer(CommandResult::unanswered(QObject::tr("the host session ended before it answered")));
}

void CommandReply::answer(CommandResult result)
{
    if (!m_handler)
        return;
    std::unique_ptr<Handler> handler = std::move(m_handler);
    if (!m_context)
        return; // its receiver is gone: nobody to tell
    // Queued even on the context's own thread: never inside the sending call.
    QMetaObject::invokeMethod(
        m_context.data(),
        [handler = std::shared_ptr<Handler>(std::move(handler)), result = std::move(result)] {
            (*handler)(result);
        },
        Qt::QueuedConnection);
}

} // namespace workhost
