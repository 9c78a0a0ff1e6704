#include <workhost/control/cborfieldreader.h>

namespace workhost {

void CborFieldReader::fail(const QString &key, const QString &message)
{
    if (!m_error)
        m_error = MessageError{key, message};
}

std::optional<QCborValue> CborFieldReader::typed(const QString &key, QCborValue::Type type,
                                                 const char *what)
{
    if (m_error)
        return std::nullopt;
    const QCborValue value = m_map.value(key);
    if (value.isUndefined()) {
        fail(key, QStringLiteral("missing"));
        return std::nullopt;
    }
    if (value.type() != type) {
        fail(key, QStringLiteral("must be %1").arg(QLatin1String(what)));
        return std::nullopt;
    }
    return value;
}

QString CborFieldReader::text(const QString &key, qsizetype maxLength, bool optional)
{
    if (optional && !m_map.contains(key))
        return {};
    const std::optional<QCborValue> value = typed(key, QCborValue::String, "a text string");
    if (!value)
        return {};
    const QString text = value->toString();
    if (text.isEmpty() && !optional)
        fail(key, QStringLiteral("must not be empty"));
    else if (text.size() > maxLength)
        fail(key, QStringLiteral("is %1 characters long; at most %2 are allowed")
                      .arg(text.size())
                      .arg(maxLength));
    return m_error ? QString() : text;
}

qint64 CborFieldReader::integer(const QString &key, qint64 min, qint64 max)
{
    const std::optional<QCborValue> value = typed(key, QCborValue::Integer, "an integer");
    if (!value)
        return 0;
    const qint64 number = value->toInteger();
    if (number < min || number > max) {
        fail(key, QStringLiteral("is %1; it must be from %2 to %3").arg(number).arg(min).arg(max));
        return 0;
    }
    return number;
}

QCborMap CborFieldReader::map(const QString &key, bool optional)
{
    if (optional && !m_map.contains(key))
        return {};
    const std::optional<QCborValue> value = typed(key, QCborValue::Map, "a map");
    return value ? value->toMap() : QCborMap();
}

QCborValue CborFieldReader::value(const QString &key)
{
    if (m_error)
        return {};
    const QCborValue value = m_map.value(key);
    if (value.isUndefined())
        fail(key, QStringLiteral("missing"));
    return value;
}

bool CborFieldReader::boolean(const QString &key)
{
    const QCborValue value = this->value(key);
    if (!m_error && !value.isBool())
        fail(key, QStringLiteral("must be true or false"));
    return !m_error && value.toBool();
}

} // namespace workhost
