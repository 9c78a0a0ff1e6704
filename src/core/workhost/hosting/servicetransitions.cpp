#include <workhost/hosting/servicetransitions.h>

#include <QStringList>

namespace workhost {

QString serviceStateDiagram()
{
    QStringList lines{QStringLiteral("stateDiagram-v2"),
                      QStringLiteral("    [*] --> %1").arg(enumName(ServiceState::Stopped))};
    for (const ServiceStateEdge &edge : serviceStateEdges) {
        QString line =
            QStringLiteral("    %1 --> %2: %3")
                .arg(enumName(edge.from), enumName(edge.to), QString::fromLatin1(edge.trigger));
        if (edge.endsRun()) {
            QStringList outcomes;
            for (int value = 0; value <= int(RunOutcome::TimedOut); ++value) {
                if (edge.allows(RunOutcome(value)))
                    outcomes << enumName(RunOutcome(value));
            }
            line += QStringLiteral(" (outcome: %1)").arg(outcomes.join(QLatin1Char('/')));
        }
        lines << line;
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace workhost
