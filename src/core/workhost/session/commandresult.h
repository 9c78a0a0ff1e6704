#pragma once

#include <QMetaType>
#include <QString>

namespace workhost {

// What a command to a host (HostSession) came to, for the window to show.
// A value: it crosses threads and, for a remote host, the control socket.
//
//     Done        the host did it; `message` may say what ("Configuration
//                 saved to ~/.config/workhost/workhost.json"), or be empty.
//     Refused     the host would not: no such worker, a worker still running,
//                 a name taken, a file it cannot write; `message` says why.
//     Unanswered  no answer came: the host is not connected, or went away
//                 before it answered; `message` says which. Whether the
//                 command took effect is unknown.
struct CommandResult
{
    enum class Outcome { Done, Refused, Unanswered };

    Outcome outcome = Outcome::Done;
    QString message;

    bool ok() const { return outcome == Outcome::Done; }

    static CommandResult done(QString message = {}) { return {Outcome::Done, std::move(message)}; }
    static CommandResult refused(QString why) { return {Outcome::Refused, std::move(why)}; }
    static CommandResult unanswered(QString why) { return {Outcome::Unanswered, std::move(why)}; }

    bool operator==(const CommandResult &) const = default;
};

} // namespace workhost

Q_DECLARE_METATYPE(workhost::CommandResult)
