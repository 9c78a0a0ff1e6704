#pragma once

// Checks every service transition a host reports, as it is reported: each
// starts where the previous one of its service ended (so none was missed),
// and each is an edge of the state machine's table (core/servicetransitions.h,
// drawn in docs/ARCHITECTURE.md), with an outcome that edge allows.
// Keeps counts and the last transition per service, not the whole history,
// so that its memory stays flat through a long run.
//
// Owner: the test; lives on the host's thread (it connects to the host).

#include <workhost/hosting/host.h>
#include <workhost/hosting/servicetransitions.h>

#include <QHash>
#include <QStringList>

namespace workhost::test {

class ChaosTransitions
{
public:
    explicit ChaosTransitions(Host &host)
    {
        QObject::connect(&host, &Host::serviceStateChanged, &host,
                         [this](const ServiceTransition &t) { record(t); });
    }
    // Fed by hand (record()): for a test of the oracle itself.
    ChaosTransitions() = default;

    // The state machine's own table (core/servicetransitions.h), the one the
    // controller asserts on and docs/ARCHITECTURE.md draws: an edge, carrying
    // an outcome exactly when it ends a run, and only one the edge allows.
    static bool documented(const ServiceTransition &t)
    {
        return isServiceTransition(t.from, t.to, t.outcome);
    }

    qint64 total() const { return m_total; }
    // How many transitions of `service` went to `state`.
    int countTo(const QString &service, ServiceState state) const
    {
        return m_services.value(service).into.value(int(state));
    }
    // The last reported state (Stopped, the initial state, when none was).
    ServiceState lastState(const QString &service) const
    {
        return m_services.value(service).last.to;
    }
    ServiceTransition lastTransition(const QString &service) const
    {
        return m_services.value(service).last;
    }
    // Transitions to Starting that the host made on its own, after a backoff.
    int automaticRestarts(const QString &service) const
    {
        return m_services.value(service).automaticRestarts;
    }
    // The longest stop (from Stopping to where it led) of any service, and whose.
    qint64 longestStopMs() const { return m_longestStopMs; }
    QString longestStopService() const { return m_longestStopService; }
    // The first problems found (at most 20), empty when all is well.
    QStringList problems() const { return m_problems; }

private:
    struct PerService
    {
        ServiceTransition last; // to == Stopped before any
        QHash<int, int> into;   // by ServiceState
        int automaticRestarts = 0;
    };

public:
    // Checks one transition, as the host reports it (serviceStateChanged).
    void record(const ServiceTransition &t)
    {
        ++m_total;
        PerService &service = m_services[t.service];
        if (t.from != service.last.to)
            problem(QStringLiteral("%1: %2>%3 reported after %4>%5: a transition is missing")
                        .arg(t.service, enumName(t.from), enumName(t.to),
                             enumName(service.last.from), enumName(service.last.to)));
        if (!documented(t))
            problem(QStringLiteral("%1: %2>%3 (outcome %4, \"%5\") is not in the state machine")
                        .arg(t.service, enumName(t.from), enumName(t.to),
                             t.outcome ? enumName(*t.outcome) : QStringLiteral("none"), t.reason));
        if (t.from == ServiceState::Stopping) {
            const qint64 took = service.last.at.msecsTo(t.at);
            if (took > m_longestStopMs) {
                m_longestStopMs = took;
                m_longestStopService = t.service;
            }
        }
        service.last = t;
        ++service.into[int(t.to)];
        if (t.automaticRestart)
            ++service.automaticRestarts;
    }

private:
    void problem(const QString &text)
    {
        if (m_problems.size() < 20)
            m_problems.append(text);
    }

    QHash<QString, PerService> m_services;
    QStringList m_problems;
    qint64 m_total = 0;
    qint64 m_longestStopMs = 0;
    QString m_longestStopService;
};

} // namespace workhost::test
