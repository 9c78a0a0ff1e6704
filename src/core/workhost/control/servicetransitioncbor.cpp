#include <workhost/control/servicetransitioncbor.h>

#include <workhost/config/enumnames.h>
#include <workhost/control/cborenumfield.h>
#include <workhost/control/cborfieldreader.h>

#include <limits>

namespace workhost {

QCborMap toCbor(const ServiceTransition &transition)
{
    QCborMap map;
    map.insert(QStringLiteral("kind"), QStringLiteral("transition"));
    map.insert(QStringLiteral("service"), transition.service);
    map.insert(QStringLiteral("from"), configName(transition.from));
    map.insert(QStringLiteral("to"), configName(transition.to));
    map.insert(QStringLiteral("at"), transition.at.toMSecsSinceEpoch());
    map.insert(QStringLiteral("reason"), transition.reason);
    if (transition.outcome)
        map.insert(QStringLiteral("outcome"), configName(*transition.outcome));
    map.insert(QStringLiteral("automaticRestart"), transition.automaticRestart);
    return map;
}

Parsed<ServiceTransition> serviceTransitionFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    ServiceTransition transition;
    if (reader.text(QStringLiteral("kind"), protocol::maxNameLength) !=
            QLatin1String("transition") &&
        !reader.error())
        reader.fail(QStringLiteral("kind"), QStringLiteral("must be \"transition\""));
    transition.service = reader.text(QStringLiteral("service"), protocol::maxTextLength);
    transition.from = readEnumField<ServiceState>(reader, QStringLiteral("from"), "service state")
                          .value_or(transition.from);
    transition.to = readEnumField<ServiceState>(reader, QStringLiteral("to"), "service state")
                        .value_or(transition.to);
    transition.at = QDateTime::fromMSecsSinceEpoch(
        reader.integer(QStringLiteral("at"), std::numeric_limits<qint64>::min(),
                       std::numeric_limits<qint64>::max()),
        Qt::UTC);
    transition.reason = reader.text(QStringLiteral("reason"), protocol::maxTextLength, true);
    transition.outcome =
        readEnumField<RunOutcome>(reader, QStringLiteral("outcome"), "run outcome", true);
    transition.automaticRestart = reader.boolean(QStringLiteral("automaticRestart"));
    if (reader.error())
        return Parsed<ServiceTransition>::failure(*reader.error());
    return Parsed<ServiceTransition>::success(std::move(transition));
}

} // namespace workhost
