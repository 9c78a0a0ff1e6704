#pragma once

#include <workhost/hosting/hoststates.h>
#include <workhost/hosting/itemsunit.h>

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

#include <chrono>
#include <optional>

namespace workhost {

// A snapshot of one service, as the host publishes it: a value type that
// crosses threads freely. Built on the host's thread from the service's
// live counters.
struct ServiceStatus
{
    QString name;
    ServiceKind kind = ServiceKind::Background;
    ServiceState state = ServiceState::Stopped;
    QDateTime stateSince; // UTC
    QDateTime startedAt;  // UTC, start of the current or last run; null if never started
    int restartCount = 0; // automatic restarts since the service was added
    std::chrono::milliseconds backoffDelay{0}; // the wait before the pending (or last) restart
    QString lastError;                         // the last fault's text; empty if it never faulted
    std::optional<RunOutcome> lastOutcome;     // how the last ended run ended; none before one
    int progress = -1;                         // 0..100, or -1 when the service reports no progress
    QString progressText;
    qint64 itemsDone = 0; // a counter the service advances (lines, files, items)
    ItemsUnit itemsUnit;  // what itemsDone counts: rateText() words its rate
    QString note;         // the service's own one-line status
    // Named values the service publishes (Service::setValue): "pid" 4242,
    // "exitCode" 0 for a command worker. Plain values (bool, number, text).
    QVariantMap values;
    std::chrono::nanoseconds cpuTime{0}; // CPU time of its threads, all runs added up
    bool threadAlive = false;            // a thread of this service is still running its code

    bool hasProgress() const { return progress >= 0; }
};

// One state change of one service, in the order it happened.
// The host emits every transition; none is ever coalesced away.
struct ServiceTransition
{
    QString service;
    ServiceState from = ServiceState::Stopped;
    ServiceState to = ServiceState::Stopped;
    QDateTime at;   // UTC
    QString reason; // why, for a person: "started by hand", "threw: disk full", ...
    // How the run ended, on the transitions that end one (see servicetransitions.h):
    // Running>Stopped is Completed, Stopping>Stopped is Stopped or Cancelled...
    std::optional<RunOutcome> outcome;
    // A start the host made on its own, after a backoff (BackingOff>Starting),
    // as against a start by hand from the same state.
    bool automaticRestart = false;
};

} // namespace workhost

Q_DECLARE_METATYPE(workhost::ServiceStatus)
Q_DECLARE_METATYPE(workhost::ServiceTransition)
