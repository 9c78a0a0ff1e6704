#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace workhost {

// Why a CBOR map is not a valid control message: the field at fault (empty
// for the map as a whole) and what is wrong with it. A value; any thread.
struct MessageError
{
    QString field;
    QString message;

    QString toString() const
    {
        return field.isEmpty() ? message : QStringLiteral("field \"%1\": %2").arg(field, message);
    }
};

// A message read from a map: the value, or the error that says which field is wrong.
template <typename T>
struct Parsed
{
    std::optional<T> value;
    MessageError error; // when !ok()

    bool ok() const { return value.has_value(); }

    static Parsed success(T message) { return Parsed{std::move(message), {}}; }
    static Parsed failure(MessageError error) { return Parsed{std::nullopt, std::move(error)}; }
};

} // namespace workhost
