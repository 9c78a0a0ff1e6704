// `workhost-ctl logs [-f] [-n N] [--level L] [--from SEQ] [--show-seq] [NAME...]`.
//
// Without --from: the newest N records the host's "logs" backlog holds (those
// that pass the filter), then, with -f, every new one as it comes. Two
// subscriptions on one connection: the first says which record is the newest
// (K), the second moves the start back to K - N (to 0 with a filter: the last
// N that pass may lie further back). The events before the second reply are
// the first subscription's and are skipped; those up to K are held, the last
// N kept, and printed once K has come.
//
// With --from SEQ (a script resuming where it stopped): one subscription from
// SEQ; every record after it is printed as it comes (only the first N that
// pass with -n), up to the newest the reply named, then, with -f, every new
// one. What the host could not deliver is said on stderr, one line each, so
// that stdout holds records only; none is printed twice across two runs.
//
// -f ends with status 0 when the host stops (its connection closes): that is
// how following a host ends, not a failure.

#include "ctl/commands.h"
#include "ctl/ctlcommandline.h"
#include "ctl/hostconnection.h"
#include "ctl/logline.h"
#include "ctl/output.h"

#include <QCborMap>

#include <algorithm>
#include <cstdio>

namespace workhost::ctl {

namespace {

QString numbered(qint64 seq, const QString &text, bool showSeq)
{
    return showSeq ? QString::number(seq) + QLatin1Char(' ') + text : text;
}

void warn(const QString &text)
{
    std::fprintf(stderr, "workhost-ctl: %s\n", qUtf8Printable(text));
}

// What `logs` prints, in order: the backlog's last N lines first, then live.
struct LogTail
{
    const CtlCommandLine &line;
    const bool colour;
    const int lines;
    qint64 newest = 0; // the last record of the backlog part
    bool live = false; // the backlog part was printed
    QStringList held;

    void onEvent(const ControlEvent &event)
    {
        const QCborMap payload = event.payload.toMap();
        if (const std::optional<QString> gap = LogLine::gap(payload))
            add(numbered(event.seq, *gap, line.showSeq));
        else if (LogLine::passes(payload, line.names, line.level))
            if (const std::optional<QString> text = LogLine::record(payload, colour))
                add(numbered(event.seq, *text, line.showSeq));
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
        if (held.size() > lines)
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

// What `logs --from` prints: each record after the seq once, as it comes.
struct LogPage
{
    const CtlCommandLine &line;
    const bool colour;
    qint64 lastSeq = 0; // the last event read (a gap counts as its last seq)
    int printed = 0;

    bool full() const { return line.lines && printed >= *line.lines; }
    void onEvent(const ControlEvent &event)
    {
        if (full() || Output::readerGone())
            return; // -n: the rest is the next run's
        lastSeq = event.seq;
        const QCborMap payload = event.payload.toMap();
        if (const std::optional<QString> missed = LogLine::missed(payload))
            warn(*missed);
        else if (LogLine::passes(payload, line.names, line.level))
            if (const std::optional<QString> text = LogLine::record(payload, colour)) {
                Output::line(numbered(event.seq, *text, line.showSeq));
                ++printed;
            }
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

// Runs until caughtUp() (without -f), the reader has gone, or the connection ends.
int waitForTheRest(HostConnection &connection, const CtlCommandLine &line,
                   const std::function<bool()> &caughtUp)
{
    const auto done = [&] { return Output::readerGone() || (!line.follow && caughtUp()); };
    const auto bound = line.follow ? std::chrono::milliseconds(-1)
                                   : std::chrono::milliseconds(HostConnection::replyTimeout);
    if (connection.waitUntil(done, bound))
        return toInt(CtlExit::Ok);
    if (line.follow && connection.endedByHost()) {
        warn(QStringLiteral("the host stopped (connection closed)"));
        return toInt(CtlExit::Ok);
    }
    return connection.reportFailure(); // the connection broke, or the backlog never came
}

int runLogsFrom(HostConnection &connection, const CtlCommandLine &line)
{
    const qint64 from = *line.from;
    LogPage page{line, Output::isTerminal(), from, 0};
    connection.onEvent = [&](const ControlEvent &event) {
        if (event.stream == QLatin1String("logs"))
            page.onEvent(event);
    };
    const std::optional<ControlReply> reply = connection.call(
        QStringLiteral("subscribe"),
        {{QStringLiteral("stream"), QStringLiteral("logs")}, {QStringLiteral("from"), from}});
    if (reply && reply->isError() && reply->error->code == errorcode::badParams) {
        warn(QStringLiteral("logs --from %1: the host has no such record: %2. A seq of an "
                            "earlier host (a new one numbers from 1 again), or mistyped; "
                            "--from 0 reads all the host holds")
                 .arg(from)
                 .arg(reply->error->message));
        return toInt(CtlExit::UnknownSeq);
    }
    int exitStatus = toInt(CtlExit::Ok);
    const std::optional<QCborMap> result = subscribed(connection, reply, exitStatus);
    if (!result)
        return exitStatus;
    if (const qint64 missed = result->value(QLatin1String("missed")).toInteger(); missed > 0)
        warn(QStringLiteral("%1: the host no longer holds them (records %2 to %3)")
                 .arg(LogLine::wereMissed(missed))
                 .arg(from + 1)
                 .arg(from + missed));
    const qint64 newest = result->value(QLatin1String("newest")).toInteger();
    return waitForTheRest(connection, line, [&] { return page.full() || page.lastSeq >= newest; });
}

} // namespace

int runLogs(HostConnection &connection, const CtlCommandLine &line)
{
    if (line.from)
        return runLogsFrom(connection, line);
    const int lines = line.lines.value_or(10);
    LogTail tail{line, Output::isTerminal(), lines, 0, false, {}};
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
    const qint64 from = lines == 0 ? tail.newest
                        : filtered ? 0
                                   : std::max<qint64>(0, tail.newest - lines);
    resumeId = connection.send(QStringLiteral("subscribe"),
                               {{QStringLiteral("stream"), logs}, {QStringLiteral("from"), from}});
    if (!subscribed(connection, connection.await(resumeId), exitStatus))
        return exitStatus;
    if (!tail.live && from >= tail.newest)
        tail.flush(); // nothing of the backlog to wait for
    return waitForTheRest(connection, line, [&] { return tail.live; });
}

} // namespace workhost::ctl
