// Subscriptions on a host's control socket, through ControlClient (and raw
// sockets for clients that do not read) against a real Host and a real
// LogPipeline: a log stream resumed after a reconnect with no gap and no
// duplicate across 10,000 records; a resume from before the backlog says
// exactly how many were missed; a client that never reads while 200,000
// lines are logged neither stalls the host's thread nor the other clients,
// and learns what it missed or is disconnected; a status subscription gets
// the snapshot, then the change when a service stops; the logs stream encodes
// nothing while no client subscribes, yet serves what was logged meanwhile
// (encoding no more of it than the backlog keeps).

#include "support/streamclients.h"

#include <workhost/control/controlclient.h>
#include <workhost/control/controlserver.h>
#include <workhost/control/framedecoder.h>
#include <workhost/control/frameencoder.h>
#include <workhost/control/runtimedirectory.h>
#include <workhost/hosting/host.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logfeed.h>
#include <workhost/logging/logpipeline.h>

#include <QCborArray>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <memory>
#include <thread>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace workhost;
using namespace std::chrono_literals;
using namespace workhost::test;

class TestControlStreams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resumeAfterReconnectHasNoGapAndNoDuplicate();
    void resumeFromBeforeTheBacklogSaysHowManyWereMissed();
    void stuckClientLearnsWhatItMissed();
    void stuckClientIsDisconnected();
    void statusesGiveASnapshotThenChanges();
    void recordsTheSinkLetGoAreALostEvent();
    void logsAreEncodedOnlyWhileAClientSubscribes();
    void aLateFirstSubscriberEncodesOnlyWhatTheBacklogKeeps();
    void badSubscriptionsAreRefused();
};

void TestControlStreams::resumeAfterReconnectHasNoGapAndNoDuplicate()
{
    Fixture f;
    QVERIFY(f.start());
    quint64 lastSeen = 0;
    Received first;
    {
        Subscriber a(f.socketPath, logsFrom(0));
        QVERIFY2(!a.reply.error, qPrintable(a.reply.error ? a.reply.error->message : QString()));
        QCOMPARE(a.field("missed"), 0);
        QCOMPARE(a.field("first"), 1);
        f.log(0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(a.received.hasLine(4999), waitMs);
        first = a.received;
        lastSeen = a.received.lastSeq;
    } // disconnected: the next 5,000 are logged while no client listens
    f.log(5000, 10000);
    Subscriber b(f.socketPath, logsFrom(qint64(lastSeen)));
    QVERIFY2(!b.reply.error, qPrintable(b.reply.error ? b.reply.error->message : QString()));
    QCOMPARE(b.field("missed"), 0);
    QCOMPARE(quint64(b.field("first")), lastSeen + 1);
    QTRY_VERIFY_WITH_TIMEOUT(b.received.hasLine(9999), waitMs);

    QVERIFY2(first.problems.isEmpty(), qPrintable(first.problems.join(u'\n')));
    QVERIFY2(b.received.problems.isEmpty(), qPrintable(b.received.problems.join(u'\n')));
    QCOMPARE(b.received.events.first().seq, qint64(lastSeen + 1)); // no gap at the seam
    QCOMPARE(first.testLines + b.received.testLines,
             expectedLines(0, 10000)); // once each, in order
    QCOMPARE(first.droppedCount + b.received.droppedCount, quint64(0));
}

void TestControlStreams::resumeFromBeforeTheBacklogSaysHowManyWereMissed()
{
    ControlServerOptions options;
    options.logBacklogEvents = 100;
    Fixture f(options);
    QVERIFY(f.start());
    Subscriber live(f.socketPath, logsFrom(std::nullopt));
    QVERIFY(!live.reply.error);
    f.log(0, 1000);
    QTRY_VERIFY_WITH_TIMEOUT(live.received.hasLine(999), waitMs);
    const quint64 newest = live.received.lastSeq;

    Subscriber late(f.socketPath, logsFrom(1));
    QVERIFY2(!late.reply.error,
             qPrintable(late.reply.error ? late.reply.error->message : QString()));
    QCOMPARE(quint64(late.field("newest")), newest);
    QCOMPARE(quint64(late.field("first")), newest - 99);      // the backlog's 100
    QCOMPARE(quint64(late.field("missed")), newest - 99 - 2); // 2 .. newest - 100
    QTRY_COMPARE_WITH_TIMEOUT(late.received.lastSeq, newest, waitMs);
    QCOMPARE(late.received.events.size(), 100);
    QCOMPARE(late.received.events.first().seq, qint64(newest - 99));
    QVERIFY(late.received.problems.isEmpty());
    QCOMPARE(late.received.testLines, expectedLines(900, 1000));
}

void TestControlStreams::stuckClientLearnsWhatItMissed()
{
    ControlServerOptions options;
    options.eventQueueBytes = 64 * 1024;
    options.maxLagEvents = 10'000'000; // never dropped: it must learn what it missed
    Fixture f(options);
    QVERIFY(f.start());
    Subscriber reader(f.socketPath, logsFrom(std::nullopt));
    QVERIFY(!reader.reply.error);
    const int stuck = stuckSubscriber(f.socketPath);
    QVERIFY(stuck >= 0);
    QSignalSpy refused(f.server.get(), &ControlServer::clientRefused);

    QVERIFY(logWhileProbing(200000) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(reader.received.hasLine(199999), waitMs);
    QVERIFY2(reader.received.problems.isEmpty(), qPrintable(reader.received.problems.join(u'\n')));
    QCOMPARE(refused.size(), 0);

    // Now it reads: everything up to the reader's last seq comes, as events or
    // as "dropped" ranges, each seq once.
    ::fcntl(stuck, F_SETFL, ::fcntl(stuck, F_GETFL) | O_NONBLOCK);
    FrameDecoder decoder;
    Received received;
    bool replied = false;
    const auto caughtUp = [&] {
        char buffer[65536];
        for (ssize_t n; (n = ::read(stuck, buffer, sizeof buffer)) > 0;)
            decoder.feed(QByteArray(buffer, qsizetype(n)));
        for (DecodedFrame frame = decoder.next(); frame.isMessage(); frame = decoder.next()) {
            const Parsed<ControlEvent> event = eventFromCbor(frame.message);
            if (event.ok())
                received.take(*event.value);
            else if (replyFromCbor(frame.message).ok())
                replied = true;
        }
        return received.lastSeq >= reader.received.lastSeq;
    };
    QVERIFY(QTest::qWaitFor(caughtUp, waitMs));
    ::close(stuck);
    QVERIFY(replied);
    QVERIFY2(received.problems.isEmpty(), qPrintable(received.problems.join(u'\n')));
    QVERIFY(received.droppedCount > 0); // it could not have taken 200,000 lines
    // Counted by the host (the reader, on this same thread, may have had some dropped too).
    QCOMPARE(f.server->droppedEvents(), received.droppedCount + reader.received.droppedCount);
    const qsizetype delivered =
        std::count_if(received.events.cbegin(), received.events.cend(),
                      [](const ControlEvent &e) { return !e.payload.toMap().contains(kDropped); });
    QCOMPARE(quint64(delivered) + received.droppedCount,
             received.lastSeq - quint64(received.events.first().seq) + 1);
}

void TestControlStreams::stuckClientIsDisconnected()
{
    ControlServerOptions options;
    options.eventQueueBytes = 64 * 1024;
    options.maxLagEvents = 150000; // past any batch the reader can lag by
    Fixture f(options);
    QVERIFY(f.start());
    Subscriber reader(f.socketPath, logsFrom(std::nullopt));
    QVERIFY(!reader.reply.error);
    QSignalSpy refused(f.server.get(), &ControlServer::clientRefused);
    const int stuck = stuckSubscriber(f.socketPath);
    QVERIFY(stuck >= 0);

    QVERIFY(logWhileProbing(200000) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(reader.received.hasLine(199999), waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, waitMs);
    QVERIFY2(refused.at(0).at(0).toString().contains(QLatin1String("takes no events")),
             qPrintable(refused.at(0).at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 1, waitMs); // the reader stays
    QVERIFY(reader.client.isConnected());
    QVERIFY2(reader.received.problems.isEmpty(), qPrintable(reader.received.problems.join(u'\n')));
    ::close(stuck);
}

void TestControlStreams::statusesGiveASnapshotThenChanges()
{
    Fixture f;
    QVERIFY(f.start());
    Subscriber s(f.socketPath, QCborMap{{kStream, QStringLiteral("statuses")}});
    QVERIFY2(!s.reply.error, qPrintable(s.reply.error ? s.reply.error->message : QString()));
    const QCborMap snapshot = s.result().value(QStringLiteral("snapshot")).toMap();
    QCOMPARE(snapshot.value(QStringLiteral("hostState")).toString(), QStringLiteral("running"));
    const QCborArray services = snapshot.value(QStringLiteral("services")).toArray();
    QCOMPARE(services.size(), 2);
    for (const QCborValue &service : services)
        QCOMPARE(service.toMap().value(QStringLiteral("state")).toString(),
                 QStringLiteral("running"));
    QCOMPARE(quint64(s.field("first")), quint64(s.field("newest")) + 1);

    QVERIFY(f.host.stopService(QStringLiteral("alpha")));
    const auto alphaStopped = [&] {
        for (const ControlEvent &event : std::as_const(s.received.events)) {
            const QCborMap payload = event.payload.toMap();
            if (payload.value(QStringLiteral("kind")).toString() == QLatin1String("transition") &&
                payload.value(QStringLiteral("service")).toString() == QLatin1String("alpha") &&
                payload.value(QStringLiteral("to")).toString() == QLatin1String("stopped"))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(alphaStopped(), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(s.received.events.cbegin(), s.received.events.cend(),
                    [](const ControlEvent &e) {
                        return e.payload.toMap().value(QStringLiteral("kind")).toString() ==
                               QLatin1String("statuses");
                    }),
        waitMs);
    QVERIFY(s.received.problems.isEmpty());
    QCOMPARE(s.received.events.first().seq, s.field("first"));
    QCOMPARE(s.received.events.first().stream, QStringLiteral("statuses"));
}

void TestControlStreams::recordsTheSinkLetGoAreALostEvent()
{
    LogOptions logOptions;
    logOptions.liveCapacity = 100;
    Fixture f({}, logOptions);
    QVERIFY(f.start());
    Subscriber s(f.socketPath, logsFrom(std::nullopt));
    QVERIFY(!s.reply.error);
    f.log(-1, 0); // once this arrives, the server has read all the sink had
    QTRY_VERIFY_WITH_TIMEOUT(s.received.hasLine(-1), waitMs);
    s.received.testLines.clear();
    f.log(0, 1000); // on the host's thread: the server reads none of it before the sink lets 900 go
    QTRY_VERIFY_WITH_TIMEOUT(s.received.hasLine(999), waitMs);
    QVERIFY(s.received.problems.isEmpty());
    quint64 lost = 0;
    for (const ControlEvent &event : std::as_const(s.received.events))
        lost += quint64(event.payload.toMap().value(kLost).toInteger());
    QVERIFY(lost >= 900);
    QCOMPARE(lost + quint64(s.received.testLines.size()), quint64(1000)); // every record counted
    QCOMPARE(s.received.testLines, expectedLines(1000 - s.received.testLines.size(), 1000));
}

void TestControlStreams::logsAreEncodedOnlyWhileAClientSubscribes()
{
    Fixture f;
    QVERIFY(f.start());
    const QString logs = QStringLiteral("logs");
    const std::shared_ptr<LiveLogSink> sink = f.pipeline.liveSink();
    // A reader of the test's own, paced as the stream's would be: once it has
    // read every record, a stream that followed the sink would have too.
    LogFeed witness(sink);
    const auto witnessReadAll = [&] { return witness.lastSequence() == sink->newestSequence(); };
    f.log(0, 500);
    QTRY_VERIFY_WITH_TIMEOUT(witnessReadAll(), waitMs);
    QCOMPARE(f.server->encodedEvents(logs), quint64(0));
    {
        Subscriber statuses(f.socketPath, QCborMap{{kStream, QStringLiteral("statuses")}});
        QVERIFY(!statuses.reply.error);
    }
    QCOMPARE(f.server->encodedEvents(logs), quint64(0)); // another stream's client: still none

    // Logged before anyone subscribed, served from 0 as if it had been listening all along.
    quint64 lastSeen = 0;
    QStringList seenLines;
    {
        Subscriber a(f.socketPath, logsFrom(0));
        QVERIFY2(!a.reply.error, qPrintable(a.reply.error ? a.reply.error->message : QString()));
        QCOMPARE(a.field("first"), 1);
        QCOMPARE(a.field("missed"), 0);
        QTRY_VERIFY_WITH_TIMEOUT(a.received.hasLine(499), waitMs);
        QCOMPARE(a.received.events.first().seq, 1);
        QVERIFY2(a.received.problems.isEmpty(), qPrintable(a.received.problems.join(u'\n')));
        lastSeen = a.received.lastSeq;
        seenLines = a.received.testLines;
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 0, waitMs);
    const quint64 encoded = f.server->encodedEvents(logs);
    QVERIFY(encoded >= 500);

    // Nobody listens again: nothing more is encoded, and a resume has no gap.
    f.log(500, 1000);
    QTRY_VERIFY_WITH_TIMEOUT(witnessReadAll(), waitMs);
    QCOMPARE(f.server->encodedEvents(logs), encoded);
    {
        Subscriber b(f.socketPath, logsFrom(qint64(lastSeen)));
        QVERIFY(!b.reply.error);
        QCOMPARE(quint64(b.field("first")), lastSeen + 1);
        QCOMPARE(b.field("missed"), 0);
        QTRY_VERIFY_WITH_TIMEOUT(b.received.hasLine(999), waitMs);
        QCOMPARE(b.received.events.first().seq, qint64(lastSeen + 1));
        QVERIFY(b.received.problems.isEmpty());
        QCOMPARE(seenLines + b.received.testLines, expectedLines(0, 1000)); // once each, in order
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.server->clientCount(), 0, waitMs);

    // Without `from`: only what comes after the reply, though nothing read the sink before it.
    f.log(1000, 1010);
    Subscriber c(f.socketPath, logsFrom(std::nullopt));
    QVERIFY(!c.reply.error);
    QCOMPARE(c.field("first"), c.field("newest") + 1);
    QCOMPARE(c.field("missed"), 0);
    f.log(1010, 1011);
    QTRY_VERIFY_WITH_TIMEOUT(c.received.hasLine(1010), waitMs);
    QCOMPARE(c.received.testLines, expectedLines(1010, 1011));
}

void TestControlStreams::aLateFirstSubscriberEncodesOnlyWhatTheBacklogKeeps()
{
    ControlServerOptions options;
    options.logBacklogEvents = 100;
    Fixture f(options);
    QVERIFY(f.start());
    f.log(0, 1000); // nobody listens: the sink keeps them all, nothing reads them
    Subscriber s(f.socketPath, logsFrom(0));
    QVERIFY2(!s.reply.error, qPrintable(s.reply.error ? s.reply.error->message : QString()));
    const quint64 newest = quint64(s.field("newest"));
    QVERIFY(newest >= 1000); // every record took its seq, the host's own lines too
    QCOMPARE(quint64(s.field("first")), newest - 99); // the backlog's 100
    QCOMPARE(quint64(s.field("missed")), newest - 100);
    QTRY_VERIFY_WITH_TIMEOUT(s.received.hasLine(999), waitMs);
    QCOMPARE(s.received.events.first().seq, qint64(newest - 99));
    QVERIFY(s.received.problems.isEmpty());
    QCOMPARE(s.received.testLines, expectedLines(1000 - s.received.testLines.size(), 1000));
    // Encoded: the backlog's 100, and whatever was logged after (which this client gets too).
    const auto encodedForTheBacklog = [&] {
        return f.server->encodedEvents(QStringLiteral("logs")) - (s.received.lastSeq - newest);
    };
    QTRY_COMPARE_WITH_TIMEOUT(encodedForTheBacklog(), quint64(100), waitMs);
}

void TestControlStreams::badSubscriptionsAreRefused()
{
    Fixture f;
    QVERIFY(f.start());
    const struct
    {
        QCborMap params;
        const char *field;
    } cases[] = {
        {QCborMap{}, "\"stream\""},
        {QCborMap{{kStream, QStringLiteral("weather")}}, "no stream \"weather\""},
        {QCborMap{{kStream, QStringLiteral("logs")}, {kFrom, -1}}, "\"from\""},
        {QCborMap{{kStream, QStringLiteral("logs")}, {kFrom, QStringLiteral("x")}}, "\"from\""},
        {QCborMap{{kStream, QStringLiteral("logs")}, {kFrom, 1'000'000'000}}, "past the newest"},
    };
    ControlClient client;
    QSignalSpy hello(&client, &ControlClient::helloReceived);
    client.connectTo(f.socketPath);
    QVERIFY(hello.wait(waitMs));
    for (const auto &c : cases) {
        const ControlReply reply =
            awaitReply(client, client.request(QStringLiteral("subscribe"), c.params));
        QVERIFY(reply.error);
        QCOMPARE(reply.error->code, QString(errorcode::badParams));
        QVERIFY2(reply.error->message.contains(QLatin1String(c.field)),
                 qPrintable(reply.error->message));
    }
    QVERIFY(client.isConnected());
}

QTEST_GUILESS_MAIN(TestControlStreams)

#include "tst_controlstreams.moc"
