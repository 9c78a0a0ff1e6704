#include <workhost/control/workertypecbor.h>

#include <workhost/control/cborfieldreader.h>
#include <workhost/control/protocolmessages.h>

#include <QCborArray>

#include <array>
#include <utility>

namespace workhost {

namespace {

using Type = SettingSpec::Type;

// The protocol's names of the setting types; a name added here is one the
// protocol carries (and a client that does not know it refuses the type).
constexpr std::array<std::pair<Type, const char *>, 11> typeNames{{
    {Type::Integer, "integer"},
    {Type::Number, "number"},
    {Type::Seconds, "seconds"},
    {Type::Boolean, "boolean"},
    {Type::Text, "text"},
    {Type::Path, "path"},
    {Type::TextList, "textList"},
    {Type::TextMap, "textMap"},
    {Type::Choice, "choice"},
    {Type::Object, "object"},
    {Type::List, "list"},
}};

QString nameOf(Type type)
{
    for (const auto &[each, name] : typeNames) {
        if (each == type)
            return QLatin1String(name);
    }
    return {};
}

std::optional<Type> typeNamed(const QString &name)
{
    for (const auto &[each, text] : typeNames) {
        if (name == QLatin1String(text))
            return each;
    }
    return std::nullopt;
}

QCborMap toCbor(const SettingSpec &spec)
{
    QCborMap map{{QStringLiteral("name"), spec.name}, {QStringLiteral("type"), nameOf(spec.type)}};
    if (!spec.defaultValue.isNull())
        map.insert(QStringLiteral("default"), QCborValue::fromVariant(spec.defaultValue));
    if (spec.minimum)
        map.insert(QStringLiteral("minimum"), *spec.minimum);
    if (spec.maximum)
        map.insert(QStringLiteral("maximum"), *spec.maximum);
    if (!spec.choices.isEmpty())
        map.insert(QStringLiteral("choices"), QCborArray::fromStringList(spec.choices));
    if (!spec.description.isEmpty())
        map.insert(QStringLiteral("description"), spec.description);
    if (spec.smallestAboveZero)
        map.insert(QStringLiteral("smallestAboveZero"), *spec.smallestAboveZero);
    if (!spec.invertedLabel.isEmpty())
        map.insert(QStringLiteral("invertedLabel"), spec.invertedLabel);
    return map;
}

std::optional<double> optionalNumber(CborFieldReader &reader, const QCborMap &map,
                                     const QString &key)
{
    if (!map.contains(key))
        return std::nullopt;
    const QCborValue value = map.value(key);
    if (!value.isDouble() && !value.isInteger()) {
        reader.fail(key, QStringLiteral("expected a number"));
        return std::nullopt;
    }
    return value.toDouble();
}

std::optional<SettingSpec> settingFromCbor(const QCborMap &map, MessageError &error)
{
    CborFieldReader reader(map);
    SettingSpec spec;
    spec.name = reader.text(QStringLiteral("name"), protocol::maxNameLength);
    const QString type = reader.text(QStringLiteral("type"), protocol::maxNameLength);
    spec.description =
        reader.text(QStringLiteral("description"), protocol::maxTextLength, /*optional=*/true);
    spec.invertedLabel =
        reader.text(QStringLiteral("invertedLabel"), protocol::maxTextLength, /*optional=*/true);
    spec.minimum = optionalNumber(reader, map, QStringLiteral("minimum"));
    spec.maximum = optionalNumber(reader, map, QStringLiteral("maximum"));
    spec.smallestAboveZero = optionalNumber(reader, map, QStringLiteral("smallestAboveZero"));
    if (map.contains(QStringLiteral("default")))
        spec.defaultValue = map.value(QStringLiteral("default")).toVariant();
    for (const QCborValue &choice : map.value(QStringLiteral("choices")).toArray())
        spec.choices << choice.toString();
    if (!reader.error()) {
        if (const std::optional<Type> known = typeNamed(type))
            spec.type = *known;
        else
            reader.fail(QStringLiteral("type"),
                        QStringLiteral("\"%1\" is no setting type").arg(type));
    }
    if (reader.error()) {
        error = *reader.error();
        return std::nullopt;
    }
    return spec;
}

} // namespace

QCborMap toCbor(const WorkerType &type)
{
    QCborArray settings;
    for (const SettingSpec &spec : type.settings)
        settings.append(toCbor(spec));
    return QCborMap{{QStringLiteral("name"), type.name},
                    {QStringLiteral("description"), type.description},
                    {QStringLiteral("settings"), settings}};
}

Parsed<WorkerType> workerTypeFromCbor(const QCborMap &map)
{
    CborFieldReader reader(map);
    WorkerType type;
    type.name = reader.text(QStringLiteral("name"), protocol::maxNameLength);
    type.description =
        reader.text(QStringLiteral("description"), protocol::maxTextLength, /*optional=*/true);
    if (reader.error())
        return Parsed<WorkerType>::failure(*reader.error());
    const QCborArray settings = map.value(QStringLiteral("settings")).toArray();
    for (qsizetype i = 0; i < settings.size(); ++i) {
        MessageError error;
        const std::optional<SettingSpec> spec = settingFromCbor(settings.at(i).toMap(), error);
        if (!spec)
            return Parsed<WorkerType>::failure(
                {QStringLiteral("settings[%1].%2").arg(i).arg(error.field), error.message});
        type.settings << *spec;
    }
    return Parsed<WorkerType>::success(std::move(type));
}

} // namespace workhost
