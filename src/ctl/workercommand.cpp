// `workhost-ctl start|stop|restart NAME...|all [--no-wait] [--timeout S]`:
// asks the host, then follows the "statuses" stream until every worker it
// accepted reached its end state (WorkerWaiter), one line per worker.

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/output.h"
#include "ctl/workerwaiter.h"

#include <QCborArray>
#include <QCborMap>

#include <cstdio>

namespace workhost::ctl {

namespace {

constexpr double defaultTimeoutSeconds = 60;

QCborMap paramsFor(const CtlCommandLine &line)
{
    if (line.all)
        return {{QStringLiteral("all"), true}};
    return {{QStringLiteral("names"), QCborArray::fromStringList(line.names)}};
}

// Subscribes to "statuses"; false (failure() or the error printed) when that failed.
bool follow(HostConnection &connection, WorkerWaiter &waiter, int &exitStatus)
{
    // Events may come with the reply, before call() returns: the waiter takes them from now.
    connection.onEvent = [&waiter](const ControlEvent &event) { waiter.onEvent(event); };
    const std::optional<ControlReply> reply = connection.call(
        QStringLiteral("subscribe"), {{QStringLiteral("stream"), QStringLiteral("statuses")}});
    if (!reply) {
        exitStatus = connection.reportFailure();
        return false;
    }
    if (reply->isError()) {
        exitStatus = HostConnection::reportError(QStringLiteral("subscribe"), *reply);
        return false;
    }
    const QCborMap snapshot = reply->result.toMap().value(QLatin1String("snapshot")).toMap();
    waiter.setSnapshot(snapshot.value(QLatin1String("services")).toArray());
    return true;
}

// Prints the ends so far; false when one failed.
bool printEnded(WorkerWaiter &waiter)
{
    bool allOk = true;
    for (const WorkerWaiter::End &end : waiter.takeEnded()) {
        allOk = allOk && end.ok;
        // "beta: running", "beta: running (already running)", "beta: faulted: exit code 3"
        // "beta: running", "beta: already running" (the host's word), "beta: faulted: exit code 3"
        QString line = end.name + QStringLiteral(": ");
        if (end.ok && !end.message.isEmpty())
            line += end.message;
        else
            line +=
                end.message.isEmpty() ? end.state : end.state + QStringLiteral(": ") + end.message;
        Output::line(line);
    }
    return allOk;
}

// Prints the host's refusals and, with --no-wait, its acceptances; tells `waiter`
// which workers to wait for. False when the host refused one.
bool readResults(const QCborArray &results, const CtlCommandLine &line, WorkerWaiter &waiter)
{
    bool allOk = true;
    for (const QCborValue &value : results) {
        const QCborMap result = value.toMap();
        const QString name = result.value(QLatin1String("name")).toString();
        const QString message = result.value(QLatin1String("message")).toString();
        if (!result.value(QLatin1String("ok")).toBool()) {
            allOk = false;
            Output::line(QStringLiteral("%1: refused: %2").arg(name, message));
        } else if (line.noWait) {
            Output::line(QStringLiteral("%1: %2").arg(
                name,
                message.isEmpty() ? QStringLiteral("%1 requested").arg(line.subcommand) : message));
        } else {
            waiter.expect(name, message);
        }
    }
    waiter.replyReceived();
    return allOk;
}

} // namespace

int runWorkerCommand(HostConnection &connection, const CtlCommandLine &line)
{
    const bool stop = line.subcommand == QLatin1String("stop");
    WorkerWaiter waiter(stop ? WorkerWaiter::Goal::Stopped : WorkerWaiter::Goal::Running,
                        line.subcommand == QLatin1String("restart"));
    int exitStatus = toInt(CtlExit::Ok);
    if (!line.noWait && !follow(connection, waiter, exitStatus))
        return exitStatus;
    const std::optional<ControlReply> reply = connection.call(line.subcommand, paramsFor(line));
    if (!reply)
        return connection.reportFailure();
    if (reply->isError())
        return HostConnection::reportError(line.subcommand, *reply);
    bool allOk =
        readResults(reply->result.toMap().value(QLatin1String("results")).toArray(), line, waiter);
    const double seconds = line.timeoutSeconds.value_or(defaultTimeoutSeconds);
    const auto timeout = std::chrono::milliseconds(qint64(seconds * 1000));
    connection.waitUntil(
        [&] {
            allOk = printEnded(waiter) && allOk;
            return waiter.allEnded();
        },
        timeout);
    allOk = printEnded(waiter) && allOk;
    if (!waiter.allEnded() && connection.isClosed())
        return connection.reportFailure();
    for (const WorkerWaiter::End &left : waiter.stillWaiting()) {
        allOk = false;
        Output::line(QStringLiteral("%1: did not reach %2 within %3 s (still %4)")
                         .arg(left.name, waiter.goalName())
                         .arg(seconds)
                         .arg(left.state.isEmpty() ? QStringLiteral("unknown") : left.state));
    }
    return toInt(allOk ? CtlExit::Ok : CtlExit::Failed);
}

} // namespace workhost::ctl
