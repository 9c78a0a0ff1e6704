#pragma once

#include <workhost/control/protocolmessages.h>

#include <QCborArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace workhost::ctl {

// Follows the "statuses" stream for start, stop and restart until each
// worker asked about reached its end state: for start and restart "running"
// (or a failure on the way: faulted, gaveUp, timedOut, or stopped once it had
// been starting), for stop "stopped" (or faulted, gaveUp, timedOut). Only
// transitions seen after the request count; a worker that saw none by the
// reply is already where start or stop would take it: running, or at rest
// (restart always waits for its transitions).
//
//   WorkerWaiter waiter(WorkerWaiter::Goal::Running, false);
//   waiter.setSnapshot(subscribeReply["snapshot"]["services"]);
//   connection.onEvent = [&](const ControlEvent &e) { waiter.onEvent(e); };
//   ... send start ...; waiter.expect(name) for each ok; waiter.replyReceived();
//   connection.waitUntil([&] { return waiter.allEnded(); }, timeout);
//
// A value, on the main thread.
class WorkerWaiter
{
public:
    enum class Goal { Running, Stopped };
    struct End
    {
        QString name;
        QString state;
        bool ok = false;
        QString message; // why it failed, when it did; or the host's note ("already running")
    };

    WorkerWaiter(Goal goal, bool alwaysMoves);

    void setSnapshot(const QCborArray &services);
    void onEvent(const ControlEvent &event);
    // `message`: the host's answer for it ("already running"), said if nothing moves.
    void expect(const QString &name, const QString &message = {});
    // The host answered: workers that have not moved are judged where they are.
    void replyReceived();

    bool allEnded() const { return m_waiting.isEmpty(); }
    // The ends since the last call, in the order they happened.
    QList<End> takeEnded();
    // The workers still waited for, and where they are.
    QList<End> stillWaiting() const;
    QString goalName() const;

private:
    struct Worker
    {
        QString state;
        QString lastError;
        bool moved = false;    // a transition since the request
        bool starting = false; // went through starting since the request
        QString answer;        // the host's message for it
    };
    void onTransition(const QCborMap &transition);
    void judge(const QString &name, bool atReply);
    void end(const QString &name, bool ok, const QString &message = {});

    const Goal m_goal;
    const bool m_alwaysMoves;
    QHash<QString, Worker> m_workers;
    QStringList m_waiting;
    QList<End> m_ended;
};

} // namespace workhost::ctl
