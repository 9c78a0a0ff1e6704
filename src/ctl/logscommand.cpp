// `workhost-ctl logs [-f] [-n N] [--level L] [NAME...]`: the newest N records
// the host's "logs" backlog holds (those that pass the filter), then, with -f,
// every new one as it comes. Two subscriptions on one connection: the first
// says which record is the newest (K), the second moves the start back to
// K - N (to 0 with a filter: the last N that pass may lie further back). The
// events before the second reply are the first subscription's and are skipped;
// those up to K are held, the last N kept, and printed once K has come.

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/logline.h"
#include "ctl/output.h"

#include <QCborMap>

#include <algorithm>

namespace workhost::ctl {

namespace {

// What `logs` prints, in order: the backlog's last N lines first, then live.
struct LogTail
{
    const CtlCommandLine &line;
    const bool colour;
    qint64 newest = 0; // the last record of the backlog part
    bool live = false; // the backlog part was printed
    QStringList held;

    void onEvent(const ControlEvent &event)
    {
        const QCborMap payload = event.payload.toMap();
        if (const std::optional<QString> gap = LogLine::gap(payload))
            add(*gap);
        else if (LogLine::passes(payload, line.names, line.level))
            if (const std::optional<QString> text = LogLine::record(payload, colour))
                add(*text);
        if (!live && event.seq >= newest)
            flush();
    }
    void add(const QString &text)
    {
        if (live) {
            Output::line(text);
            return;
        }
        held << text;
        if (held.size() > line.lines)
            held.removeFirst();
    }
    void flush()
    {
        for (const QString &text : std::as_const(held))
            if (!Output::line(text))
                break;
        held.clear();
        live = true;
    }
};

// The reply's result, or nothing with the failure reported in `exitStatus`.
std::optional<QCborMap> subscribed(HostConnection &connection,
                                   const std::optional<ControlReply> &reply, int &exitStatus)
{
    if (!reply) {
        exitStatus = connection.reportFailure();
        return std::nullopt;
    }
    if (reply->isError()) {
        exitStatus = HostConnection::reportError(QStringLiteral("logs"), *reply);
        return std::nullopt;
    }
    return reply->result.toMap();
}

} // namespace

int runLogs(HostConnection &connection, const CtlCommandLine &line)
{
    LogTail tail{line, Output::isTerminal(), 0, false, {}};
    qint64 resumeId = 0; // the second subscribe (0: not sent): its events are the ones to print
    connection.onEvent = [&](const ControlEvent &event) {
        if (event.stream == QLatin1String("logs") && connection.hasReplied(resumeId))
            tail.onEvent(event);
    };
    const QString logs = QStringLiteral("logs");
    int exitStatus = toInt(CtlExit::Ok);
    const std::optional<QCborMap> first =
        subscribed(connection,
                   connection.call(QStringLiteral("subscribe"), {{QStringLiteral("stream"), logs}}),
                   exitStatus);
    if (!first)
        return exitStatus;
    tail.newest = first->value(QLatin1String("newest")).toInteger();
    const bool filtered = !line.names.isEmpty() || !line.level.isEmpty();
    const qint64 from = line.lines == 0 ? tail.newest
                        : filtered      ? 0
                                        : std::max<qint64>(0, tail.newest - line.lines);
    resumeId = connection.send(QStringLiteral("subscribe"),
                               {{QStringLiteral("stream"), logs}, {QStringLiteral("from"), from}});
    if (!subscribed(connection, connection.await(resumeId), exitStatus))
        return exitStatus;
    if (!tail.live && from >= tail.newest)
        tail.flush(); // nothing of the backlog to wait for
    const auto done = [&] { return Output::readerGone() || (tail.live && !line.follow); };
    const auto bound = line.follow ? std::chrono::milliseconds(-1)
                                   : std::chrono::milliseconds(HostConnection::replyTimeout);
    if (connection.waitUntil(done, bound))
        return toInt(CtlExit::Ok);
    return connection.reportFailure(); // the connection ended, or the backlog never came
}

} // namespace workhost::ctl
