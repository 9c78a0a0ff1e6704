#pragma once

// The control stream tests' pieces: a running host with its log pipeline and
// control server (Fixture), what one client was sent on a stream, checked as
// it comes (Received), a client connected and subscribed (Subscriber), a
// raw one that never reads (stuckSubscriber), and a flood on a thread of
// its own while a probe ticks on the host's (logWhileProbing).

#include "support/controlfixture.h"

#include <workhost/control/controlclient.h>
#include <workhost/control/frameencoder.h>
#include <workhost/logging/livelogsink.h>
#include <workhost/logging/logpipeline.h>

#include <QCborMap>
#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

namespace workhost::test {

inline constexpr int waitMs = 60000; // generous: a loaded machine under a sanitizer

inline const QString kStream = QStringLiteral("stream");
inline const QString kFrom = QStringLiteral("from");
inline const QString kMessage = QStringLiteral("message");
inline const QString kDropped = QStringLiteral("dropped");
inline const QString kLost = QStringLiteral("lost");

// Its own LogPipeline, made first (the server reads it), gone last.
struct PipelineOwner
{
    explicit PipelineOwner(const LogOptions &options)
        : pipeline(options)
    {}
    LogPipeline pipeline;
};

// A running host with two services, its log pipeline and its control server.
struct Fixture : PipelineOwner, test::ControlFixture
{
    explicit Fixture(ControlServerOptions options = {}, const LogOptions &logOptions = {})
        : PipelineOwner(logOptions)
        , ControlFixture(withLiveLog(std::move(options), pipeline.liveSink()))
    {}
    static ControlServerOptions withLiveLog(ControlServerOptions options,
                                            std::shared_ptr<LiveLogSink> sink)
    {
        options.liveLog = std::move(sink);
        return options;
    }
    void log(int from, int to) const
    {
        const auto logger = LogPipeline::loggerFor("test");
        for (int i = from; i < to; ++i)
            logger->info("line {}", i);
    }
};

// What one client was sent on one stream, checked as it comes: seqs only go
// up, by one, or past a "dropped" event's range.
struct Received
{
    QList<ControlEvent> events;
    quint64 lastSeq = 0;
    quint64 droppedCount = 0;
    QStringList problems;
    QStringList testLines; // the messages of the "test" logger, in order

    void take(const ControlEvent &event)
    {
        const QCborMap payload = event.payload.toMap();
        const quint64 seq = quint64(event.seq);
        if (payload.contains(kDropped)) {
            const quint64 from = quint64(payload.value(QStringLiteral("fromSeq")).toInteger());
            droppedCount += quint64(payload.value(kDropped).toInteger());
            if (lastSeq != 0 && from != lastSeq + 1)
                problems << QStringLiteral("dropped from %1 after %2").arg(from).arg(lastSeq);
        } else if (lastSeq != 0 && seq != lastSeq + 1) {
            problems << QStringLiteral("seq %1 after %2").arg(seq).arg(lastSeq);
        }
        lastSeq = seq;
        if (payload.value(QStringLiteral("service")).toString() == QLatin1String("test"))
            testLines << payload.value(kMessage).toString();
        events << event;
    }
    bool hasLine(int i) const { return testLines.contains(QStringLiteral("line %1").arg(i)); }
};

inline QStringList expectedLines(int from, int to)
{
    QStringList lines;
    for (int i = from; i < to; ++i)
        lines << QStringLiteral("line %1").arg(i);
    return lines;
}

// A client connected and subscribed; its events on `stream` go to `received`.
struct Subscriber
{
    Subscriber(const QString &socketPath, const QCborMap &params)
    {
        QObject::connect(&client, &ControlClient::eventReceived, &client,
                         [this](const ControlEvent &event) { received.take(event); });
        QSignalSpy hello(&client, &ControlClient::helloReceived);
        client.connectTo(socketPath);
        if (hello.wait(waitMs))
            reply = awaitReply(client, client.request(QStringLiteral("subscribe"), params));
    }
    QCborMap result() const { return reply.result.toMap(); }
    qint64 field(const char *name) const
    {
        return result().value(QString::fromLatin1(name)).toInteger();
    }

    ControlClient client;
    ControlReply reply = ControlReply::failure(0, QStringLiteral("test"), QStringLiteral("none"));
    Received received;
};

inline QCborMap logsFrom(std::optional<qint64> from)
{
    QCborMap params{{kStream, QStringLiteral("logs")}};
    if (from)
        params.insert(kFrom, *from);
    return params;
}

// A raw client that subscribes to the logs and reads nothing until told to.
inline int stuckSubscriber(const QString &path)
{
    const int fd = rawConnect(path);
    if (fd < 0)
        return -1;
    const QByteArray frame =
        encodeFrame(toCbor(ControlRequest{1, QStringLiteral("subscribe"), logsFrom(std::nullopt)}));
    if (::write(fd, frame.constData(), size_t(frame.size())) != frame.size()) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Logs `lines` lines on a thread of its own, in chunks, while a probe timer
// ticks on the host's thread; after each chunk the writer waits (bounded) for
// a tick: a host's thread that blocked on a client would stop the probe, and
// the writer would say so. Returns the probe's ticks, or -1 when it stopped.
inline int logWhileProbing(int lines)
{
    std::atomic<int> ticks = 0;
    QTimer probe;
    probe.setInterval(std::chrono::milliseconds(1));
    QObject::connect(&probe, &QTimer::timeout, &probe, [&ticks] { ++ticks; });
    probe.start();
    std::atomic<bool> probeStopped = false;
    std::atomic<bool> done = false;
    std::thread writer([&] {
        const auto logger = LogPipeline::loggerFor("test");
        constexpr int chunk = 10000;
        for (int i = 0; i < lines && !probeStopped; i += chunk) {
            for (int j = i; j < qMin(lines, i + chunk); ++j)
                logger->info("line {}", j);
            const int seen = ticks.load();
            const QDeadlineTimer deadline(waitMs);
            while (ticks.load() == seen && !deadline.hasExpired())
                std::this_thread::yield();
            probeStopped = ticks.load() == seen;
        }
        done = true;
    });
    const bool finished = QTest::qWaitFor([&] { return done.load(); }, 10 * waitMs);
    writer.join();
    return finished && !probeStopped ? ticks.load() : -1;
}

} // namespace workhost::test
