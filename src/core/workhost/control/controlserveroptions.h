#pragma once

#include <QString>
#include <QtGlobal>

#include <functional>
#include <memory>

namespace workhost {

class LiveLogSink;

// How a ControlServer serves its clients. A value.
struct ControlServerOptions
{
    // The configuration file the host runs, named in the hello (may be empty).
    QString configPath;
    // Bytes a client may leave unread before it is dropped (per client).
    qsizetype maxQueuedBytes = qsizetype(4) << 20;
    // Clients at once; one more is refused and logged.
    int maxClients = 64;

    // The log pipeline's live sink (LogPipeline::liveSink()): the "logs" stream
    // reads it. None: the host has no "logs" stream.
    std::shared_ptr<LiveLogSink> liveLog;
    // Unsent bytes past which a client is sent no more events until it drains
    // (a soft bound, under maxQueuedBytes: replies still pass it).
    qsizetype eventQueueBytes = qsizetype(1) << 20;
    // What each stream keeps for subscribers that resume: events and bytes.
    size_t logBacklogEvents = 10000;
    size_t logBacklogBytes = size_t(16) << 20;
    size_t statusBacklogEvents = 1000;
    size_t statusBacklogBytes = size_t(4) << 20;
    // A client that takes no events while a stream runs this far ahead of it is dropped.
    quint64 maxLagEvents = 100000;
    // The configuration's worker type of a service ("command"), sent as `type`
    // in the "statuses" stream's statuses (HostControl sets it). None, or
    // empty for a name: no `type` (the server knows no configuration).
    std::function<QString(const QString &name)> workerType = {};
};

} // namespace workhost
