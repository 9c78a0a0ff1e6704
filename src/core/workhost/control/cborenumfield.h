#pragma once

#include <workhost/config/enumnames.h>
#include <workhost/control/cborfieldreader.h>
#include <workhost/control/protocolmessages.h>

#include <optional>

namespace workhost {

// Reads an enum field written by its configuration name ("running"),
// checking it names a value of Enum; `what` words the enum in the error
// ("\"runing\" is no service state (stopped, starting, ...)"). An absent
// optional field is std::nullopt. Any thread.
template <typename Enum>
std::optional<Enum> readEnumField(CborFieldReader &reader, const QString &key, const char *what,
                                  bool optional = false)
{
    if (optional && !reader.has(key))
        return std::nullopt;
    const QString name = reader.text(key, protocol::maxNameLength);
    if (reader.error())
        return std::nullopt;
    const std::optional<Enum> parsed = parseConfigName<Enum>(name);
    if (!parsed)
        reader.fail(key, QStringLiteral("\"%1\" is no %2 (%3)")
                             .arg(name, QLatin1String(what),
                                  configNames<Enum>().join(QStringLiteral(", "))));
    return parsed;
}

} // namespace workhost
