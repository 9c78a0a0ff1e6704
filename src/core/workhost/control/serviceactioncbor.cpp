#include <workhost/control/serviceactioncbor.h>

#include <workhost/control/cborfieldreader.h>
#include <workhost/control/protocolmessages.h>

#include <limits>

namespace workhost {

QCborMap toCbor(const ServiceAction &action)
{
    QCborMap map{{QStringLiteral("name"), action.name}, {QStringLiteral("label"), action.label}};
    if (action.count)
        map.insert(QStringLiteral("count"),
                   QCborMap{{QStringLiteral("minimum"), action.count->minimum},
                            {QStringLiteral("maximum"), action.count->maximum},
                            {QStringLiteral("initial"), action.count->initial}});
    return map;
}

Parsed<ServiceAction> serviceActionFromCbor(const QCborMap &map)
{
    constexpr qint64 lowest = std::numeric_limits<int>::min();
    constexpr qint64 highest = std::numeric_limits<int>::max();
    CborFieldReader reader(map);
    ServiceAction action;
    action.name = reader.text(QStringLiteral("name"), protocol::maxNameLength);
    action.label = reader.text(QStringLiteral("label"), protocol::maxTextLength, /*optional=*/true);
    if (reader.has(QStringLiteral("count"))) {
        const QCborMap count = reader.map(QStringLiteral("count"));
        CborFieldReader counts(count);
        ServiceAction::Count range;
        range.minimum = int(counts.integer(QStringLiteral("minimum"), lowest, highest));
        range.maximum = int(counts.integer(QStringLiteral("maximum"), range.minimum, highest));
        range.initial =
            int(counts.integer(QStringLiteral("initial"), range.minimum, range.maximum));
        if (counts.error())
            reader.fail(QStringLiteral("count.") + counts.error()->field, counts.error()->message);
        action.count = range;
    }
    if (reader.error())
        return Parsed<ServiceAction>::failure(*reader.error());
    return Parsed<ServiceAction>::success(std::move(action));
}

} // namespace workhost
