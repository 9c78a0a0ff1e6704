#pragma once

// What one worker of the chaos scenario was last told (start, stop or
// restart), and so the states it may rest in once the chaos is over: a worker
// told to stop is Stopped; one told to start is Running, unless its own
// behaviour legitimately takes it elsewhere (a prime count that completed, a
// flaky worker between two runs, one that reached its restart limit).
// A value type, on the test's thread.

#include "support/chaosplan.h"

#include <QList>

namespace workhost::test {

class ChaosExpectation
{
public:
    explicit ChaosExpectation(ChaosBehaviour behaviour = ChaosBehaviour::Steady)
        : m_behaviour(behaviour)
    {}

    ChaosBehaviour behaviour() const { return m_behaviour; }
    bool toldToRun() const { return m_toldToRun; }

    // Host::startService() or restartService() returned `accepted`. A refused
    // start (its last run has not returned: TimedOut) leaves it to stop.
    void toldStart(bool accepted)
    {
        m_toldToRun = accepted;
        m_kept.reset();
    }

    // Host::stopService() returned `accepted`; `before` is the state it was in.
    // Refused means there was nothing to stop: it keeps that state, except a
    // TimedOut run, which ends Stopped when it returns.
    void toldStop(bool accepted, ServiceState before)
    {
        m_toldToRun = false;
        m_kept.reset();
        if (!accepted && before != ServiceState::TimedOut)
            m_kept = before;
    }

    // The states the worker may rest in now that nobody tells it anything.
    QList<ServiceState> restingStates() const
    {
        using S = ServiceState;
        if (!m_toldToRun)
            return {m_kept.value_or(S::Stopped)};
        switch (m_behaviour) {
        case ChaosBehaviour::Steady:
            return {S::Running};
        case ChaosBehaviour::Completes:
            return {S::Running, S::Stopped};
        case ChaosBehaviour::Cycles:
            return {S::Starting, S::Running, S::BackingOff};
        case ChaosBehaviour::MayGiveUp:
            return {S::Starting, S::Running, S::BackingOff, S::GaveUp};
        case ChaosBehaviour::FaultStays:
            return {S::Running, S::Faulted};
        }
        return {};
    }

    bool allows(ServiceState state) const { return restingStates().contains(state); }

private:
    ChaosBehaviour m_behaviour;
    bool m_toldToRun = true; // autostart: the host's start tells every worker to run
    std::optional<ServiceState> m_kept;
};

} // namespace workhost::test
