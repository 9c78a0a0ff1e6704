#pragma once

// Checks every service transition a host reports, as it is reported: each
// starts where the previous one of its service ended (so none was missed),
// and each is an edge of the documented state machine (docs/ARCHITECTURE.md).
// Keeps counts and the last transition per service, not the whole history,
// so that its memory stays flat through a long run.
//
// Owner: the test; lives on the host's thread (it connects to the host).

#include "core/host.h"

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

    // The edges of the diagram in docs/ARCHITECTURE.md.
    static bool documented(ServiceState from, ServiceState to)
    {
        using S = ServiceState;
        switch (from) {
        case S::Stopped:
            return to == S::Starting;
        case S::Starting:
            return to == S::Running || to == S::Faulted || to == S::Stopping;
        case S::Running:
            return to == S::Stopping || to == S::Stopped || to == S::BackingOff ||
                   to == S::Faulted || to == S::GaveUp;
        case S::Stopping:
            return to == S::Stopped || to == S::TimedOut;
        case S::TimedOut:
            return to == S::Stopped;
        case S::Faulted:
            return to == S::BackingOff || to == S::GaveUp || to == S::Starting;
        case S::BackingOff:
            return to == S::Starting || to == S::Stopped;
        case S::GaveUp:
            return to == S::Starting;
        }
        return false;
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

    void record(const ServiceTransition &t)
    {
        ++m_total;
        PerService &service = m_services[t.service];
        if (t.from != service.last.to)
            problem(QStringLiteral("%1: %2>%3 reported after %4>%5: a transition is missing")
                        .arg(t.service, enumName(t.from), enumName(t.to),
                             enumName(service.last.from), enumName(service.last.to)));
        if (!documented(t.from, t.to))
            problem(QStringLiteral("%1: %2>%3 (\"%4\") is not in the state machine")
                        .arg(t.service, enumName(t.from), enumName(t.to), t.reason));
        if (t.from == ServiceState::Stopping) {
            const qint64 took = service.last.at.msecsTo(t.at);
            if (took > m_longestStopMs) {
                m_longestStopMs = took;
                m_longestStopService = t.service;
            }
        }
        service.last = t;
        ++service.into[int(t.to)];
        if (t.to == ServiceState::Starting && t.reason == QLatin1String("automatic restart"))
            ++service.automaticRestarts;
    }

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
