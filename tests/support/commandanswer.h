#pragma once

// The answer to one HostSession command, awaited by a test:
//   test::CommandAnswer stop;
//   session.stopWorker("a", stop.reply(this));
//   QCOMPARE(stop.wait(), CommandResult::done());
// wait() gives Unanswered "test: no answer" when none came within 30 s.

#include <workhost/session/commandreply.h>
#include <workhost/session/commandresult.h>

#include <QTest>

#include <optional>

namespace workhost::test {

struct CommandAnswer
{
    std::optional<CommandResult> result;

    CommandReply reply(QObject *context)
    {
        return CommandReply(context, [this](const CommandResult &r) { result = r; });
    }
    CommandResult wait()
    {
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
            return CommandResult::unanswered(QStringLiteral("test: no answer"));
        return *result;
    }
};

} // namespace workhost::test
