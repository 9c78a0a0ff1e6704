#include "ctl/workerwaiter.h"

#include <QCborMap>

namespace workhost::ctl {

namespace {

// Where a stop has nothing to do: no run in progress and none pending.
bool isAtRest(const QString &state)
{
    return state != QLatin1String("starting") && state != QLatin1String("running") &&
           state != QLatin1String("stopping") && state != QLatin1String("backingOff");
}

bool isFailure(const QString &state)
{
    return state == QLatin1String("faulted") || state == QLatin1String("gaveUp") ||
           state == QLatin1String("timedOut");
}

} // namespace

WorkerWaiter::WorkerWaiter(Goal goal, bool alwaysMoves)
    : m_goal(goal)
    , m_alwaysMoves(alwaysMoves)
{}

QString WorkerWaiter::goalName() const
{
    return m_goal == Goal::Running ? QStringLiteral("running") : QStringLiteral("stopped");
}

void WorkerWaiter::setSnapshot(const QCborArray &services)
{
    for (const QCborValue &value : services) {
        const QCborMap status = value.toMap();
        Worker &worker = m_workers[status.value(QLatin1String("name")).toString()];
        if (worker.moved)
            continue; // a transition that came with the reply is newer than the snapshot
        worker.state = status.value(QLatin1String("state")).toString();
        worker.lastError = status.value(QLatin1String("lastError")).toString();
    }
}

void WorkerWaiter::expect(const QString &name, const QString &message)
{
    m_workers[name].answer = message;
    if (!m_waiting.contains(name))
        m_waiting << name;
    judge(name, false); // its transitions may have come before the reply
}

void WorkerWaiter::replyReceived()
{
    for (const QString &name : QStringList(m_waiting))
        judge(name, true);
}

void WorkerWaiter::onEvent(const ControlEvent &event)
{
    if (event.stream != QLatin1String("statuses"))
        return;
    const QCborMap payload = event.payload.toMap();
    const QString kind = payload.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("transition")) {
        onTransition(payload);
    } else if (kind == QLatin1String("statuses")) {
        // Only the last error: states come from the transitions, in order.
        for (const QCborValue &value : payload.value(QLatin1String("statuses")).toArray()) {
            const QCborMap status = value.toMap();
            m_workers[status.value(QLatin1String("name")).toString()].lastError =
                status.value(QLatin1String("lastError")).toString();
        }
    }
}

void WorkerWaiter::onTransition(const QCborMap &transition)
{
    const QString name = transition.value(QLatin1String("service")).toString();
    Worker &worker = m_workers[name];
    worker.state = transition.value(QLatin1String("to")).toString();
    worker.moved = true;
    worker.starting = worker.starting || worker.state == QLatin1String("starting");
    const QString reason = transition.value(QLatin1String("reason")).toString();
    if (isFailure(worker.state) && worker.lastError.isEmpty())
        worker.lastError = reason;
    if (m_waiting.contains(name))
        judge(name, false);
}

void WorkerWaiter::judge(const QString &name, bool atReply)
{
    const Worker &worker = m_workers.value(name);
    const QString &state = worker.state;
    if (!worker.moved) {
        // Nothing happened by the reply: already there, as far as start and stop go.
        const bool there = m_goal == Goal::Running ? state == QLatin1String("running")
                                                   : !state.isEmpty() && isAtRest(state);
        if (atReply && !m_alwaysMoves && there)
            end(name, true, worker.answer);
        return;
    }
    if (isFailure(state)) {
        end(name, false, worker.lastError);
    } else if (m_goal == Goal::Running && state == QLatin1String("running")) {
        end(name, true);
    } else if (m_goal == Goal::Running && state == QLatin1String("stopped") && worker.starting) {
        end(name, false, QStringLiteral("it stopped after starting"));
    } else if (m_goal == Goal::Stopped && state == QLatin1String("stopped")) {
        end(name, true);
    }
}

void WorkerWaiter::end(const QString &name, bool ok, const QString &message)
{
    m_waiting.removeAll(name);
    m_ended << End{name, m_workers.value(name).state, ok, message};
}

QList<WorkerWaiter::End> WorkerWaiter::takeEnded()
{
    return std::exchange(m_ended, {});
}

QList<WorkerWaiter::End> WorkerWaiter::stillWaiting() const
{
    QList<End> ends;
    for (const QString &name : m_waiting)
        ends << End{name, m_workers.value(name).state, false, {}};
    return ends;
}

} // namespace workhost::ctl
