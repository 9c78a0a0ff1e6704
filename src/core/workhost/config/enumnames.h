#pragma once

#include <QList>
#include <QMetaEnum>
#include <QString>
#include <QStringList>

#include <optional>

namespace workhost {

// The names a configuration file gives the values of an enum registered with
// Q_ENUM_NS (LogLevel, FaultPolicy): the enumerator's own name with its first
// letter in lower case ("warning", "stopHost"). One table, read from the
// meta-object, for the loader, the writer and the window: a value added to
// the enum is a name a file may use, everywhere at once.
//   configNames<LogLevel>()            -> {"trace", "debug", ..., "off"}
//   parseConfigName<FaultPolicy>("ignore") -> FaultPolicy::Ignore (nullopt if unknown)
//   configName(FaultPolicy::StopHost)  -> "stopHost"
// The tables are built once, on first use; any thread.

// Every value of the enum, in declaration order.
template <typename Enum>
const QList<Enum> &enumValues()
{
    static const QList<Enum> values = [] {
        const QMetaEnum meta = QMetaEnum::fromType<Enum>();
        QList<Enum> all;
        for (int i = 0; i < meta.keyCount(); ++i)
            all << static_cast<Enum>(meta.value(i));
        return all;
    }();
    return values;
}

// Every value's name as a configuration writes it, in declaration order.
template <typename Enum>
const QStringList &configNames()
{
    static const QStringList names = [] {
        const QMetaEnum meta = QMetaEnum::fromType<Enum>();
        QStringList all;
        for (int i = 0; i < meta.keyCount(); ++i) {
            QString name = QString::fromLatin1(meta.key(i));
            name[0] = name[0].toLower();
            all << name;
        }
        return all;
    }();
    return names;
}

// The value a configuration's `name` stands for; nullopt for a name not in the table.
template <typename Enum>
std::optional<Enum> parseConfigName(const QString &name)
{
    const qsizetype index = configNames<Enum>().indexOf(name);
    if (index < 0)
        return std::nullopt;
    return enumValues<Enum>().at(index);
}

// `value` as a configuration writes it; empty for a value that is no enumerator.
template <typename Enum>
QString configName(Enum value)
{
    return configNames<Enum>().value(enumValues<Enum>().indexOf(value));
}

} // namespace workhost
