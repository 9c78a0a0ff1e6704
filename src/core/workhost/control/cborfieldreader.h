#pragma once

#include <workhost/control/messageerror.h>

#include <QCborMap>
#include <QCborValue>
#include <QString>

#include <optional>

namespace workhost {

// Reads the fields of one control message, checking each: present, of the
// right CBOR type, within its bounds. The first problem is kept (error());
// later reads return empty values, so a reader of many fields checks once at
// the end. Unknown fields are ignored: a newer peer may add some (docs/PROTOCOL.md).
//
// Owner: the function that reads the message; a plain object on the stack.
class CborFieldReader
{
public:
    explicit CborFieldReader(const QCborMap &map)
        : m_map(map)
    {}

    // A text of 1..maxLength characters (0..maxLength when `optional` and absent).
    QString text(const QString &key, qsizetype maxLength, bool optional = false);
    // An integer in [min, max].
    qint64 integer(const QString &key, qint64 min, qint64 max);
    // A map; an absent optional one reads as empty.
    QCborMap map(const QString &key, bool optional = false);
    // Any value, which must be present.
    QCborValue value(const QString &key);
    // true or false.
    bool boolean(const QString &key);
    bool has(const QString &key) const { return m_map.contains(key); }

    void fail(const QString &key, const QString &message);
    const std::optional<MessageError> &error() const { return m_error; }

private:
    // The field's value if it is present and of `type`; else records the error.
    std::optional<QCborValue> typed(const QString &key, QCborValue::Type type, const char *what);

    const QCborMap &m_map;
    std::optional<MessageError> m_error;
};

} // namespace workhost
