#pragma once

// Records what a host reports, in order, as short strings that a test
// compares whole: "host Starting", "a Stopped>Starting".

#include <workhost/hosting/host.h>
#include <workhost/hosting/hostlifetime.h>

#include <QStringList>

namespace workhost::test {

class EventLog
{
public:
    explicit EventLog(Host &host)
    {
        QObject::connect(&host, &Host::stateChanged, &host, [this](HostState state) {
            events << QStringLiteral("host ") + enumName(state);
        });
        QObject::connect(
            &host, &Host::serviceStateChanged, &host, [this](const ServiceTransition &t) {
                events
                    << QStringLiteral("%1 %2>%3").arg(t.service, enumName(t.from), enumName(t.to));
                transitions << t;
            });
    }

    // Transitions of one service, as "From>To".
    QStringList of(const QString &service) const
    {
        QStringList out;
        for (const ServiceTransition &t : transitions) {
            if (t.service == service)
                out << enumName(t.from) + QLatin1Char('>') + enumName(t.to);
        }
        return out;
    }

    // Every transition starts where the previous one of its service ended.
    bool chained() const
    {
        QHash<QString, ServiceState> last;
        for (const ServiceTransition &t : transitions) {
            if (t.from != last.value(t.service, ServiceState::Stopped))
                return false;
            last[t.service] = t.to;
        }
        return true;
    }

    QStringList events;
    QList<ServiceTransition> transitions;
};

} // namespace workhost::test
