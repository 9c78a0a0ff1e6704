#include <workhost/config/settingspec.h>

#include <QJsonValue>

#include <cmath>

namespace workhost {

namespace {

QString formatNumber(double value)
{
    return QString::number(value, 'g', 15);
}

QString rangeText(const SettingSpec &spec)
{
    if (spec.minimum && spec.maximum)
        return QStringLiteral(" from %1 to %2")
            .arg(formatNumber(*spec.minimum), formatNumber(*spec.maximum));
    if (spec.minimum)
        return QStringLiteral(" of at least %1").arg(formatNumber(*spec.minimum));
    if (spec.maximum)
        return QStringLiteral(" of at most %1").arg(formatNumber(*spec.maximum));
    return {};
}

// A message stays on one line: "a\nb" is shown as written in JSON, not as a line break.
QString escapeControls(const QString &text)
{
    QString escaped;
    for (const QChar c : text) {
        if (c == QLatin1Char('\n'))
            escaped += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            escaped += QStringLiteral("\\t");
        else if (c.category() == QChar::Other_Control)
            escaped += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            escaped += c;
    }
    return escaped;
}

bool isNumber(const QVariant &value)
{
    const int type = value.typeId();
    return type == QMetaType::Double || type == QMetaType::Int || type == QMetaType::LongLong ||
           type == QMetaType::UInt || type == QMetaType::ULongLong;
}

// `spec` with one field set: what each of SettingSpec's modifiers returns.
template <typename Field, typename Value>
SettingSpec changed(SettingSpec spec, Field SettingSpec::*field, const Value &value)
{
    spec.*field = value;
    return spec;
}

} // namespace

QString describeValue(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("null");
    switch (value.typeId()) {
    case QMetaType::QString: {
        QString text = value.toString();
        if (text.size() > 40)
            text = text.left(37) + QStringLiteral("...");
        return QLatin1Char('"') + escapeControls(text) + QLatin1Char('"');
    }
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QVariantList:
        return QStringLiteral("a list");
    case QMetaType::QVariantMap:
        return QStringLiteral("an object");
    default:
        if (isNumber(value))
            return formatNumber(value.toDouble());
        return QStringLiteral("a value of type %1").arg(QString::fromLatin1(value.typeName()));
    }
}

SettingSpec SettingSpec::withDefault(const QVariant &value) const
{
    return changed(*this, &SettingSpec::defaultValue, value);
}

SettingSpec SettingSpec::describedAs(const QString &text) const
{
    return changed(*this, &SettingSpec::description, text);
}

SettingSpec SettingSpec::between(double lowest, double highest) const
{
    return atLeast(lowest).atMost(highest);
}

SettingSpec SettingSpec::atLeast(double lowest) const
{
    return changed(*this, &SettingSpec::minimum, lowest);
}

SettingSpec SettingSpec::atMost(double highest) const
{
    return changed(*this, &SettingSpec::maximum, highest);
}

SettingSpec SettingSpec::zeroOrAtLeast(double smallest) const
{
    return changed(*this, &SettingSpec::smallestAboveZero, smallest);
}

SettingSpec SettingSpec::invertedAs(const QString &label) const
{
    return changed(*this, &SettingSpec::invertedLabel, label);
}

QString SettingSpec::expectation() const
{
    switch (type) {
    case Type::Integer:
        return QStringLiteral("a whole number") + rangeText(*this);
    case Type::Number:
        if (smallestAboveZero) {
            SettingSpec aboveZero = *this;
            aboveZero.minimum = smallestAboveZero;
            return QStringLiteral("0 or a number") + rangeText(aboveZero);
        }
        return QStringLiteral("a number") + rangeText(*this);
    case Type::Seconds:
        return (zeroAllowed() ? QStringLiteral("a number of seconds")
                              : QStringLiteral("a positive number of seconds")) +
               rangeText(*this);
    case Type::Boolean:
        return QStringLiteral("true or false");
    case Type::Text:
        return QStringLiteral("a text");
    case Type::Path:
        return QStringLiteral("a path");
    case Type::TextList:
        return QStringLiteral("a list of texts");
    case Type::TextMap:
        return QStringLiteral("an object of texts");
    case Type::Choice:
        return QStringLiteral("one of \"%1\"").arg(choices.join(QStringLiteral("\", \"")));
    case Type::Object:
        return QStringLiteral("an object");
    case Type::List:
        return QStringLiteral("a list");
    }
    return {};
}

SettingSpec::Checked SettingSpec::check(const QVariant &value) const
{
    const auto fail = [&] {
        return Checked{
            {}, QStringLiteral("expected %1, got %2").arg(expectation(), describeValue(value))};
    };
    switch (type) {
    case Type::Integer:
    case Type::Number:
    case Type::Seconds: {
        if (!isNumber(value))
            return fail();
        const double number = value.toDouble();
        if (type == Type::Seconds && number > 0 && number < secondsResolution)
            return Checked{{},
                           QStringLiteral("expected %1, got %2, below the 1 ms resolution of "
                                          "durations (use %3at least 0.001)")
                               .arg(expectation(), describeValue(value),
                                    zeroAllowed() ? QStringLiteral("0 or ") : QString())};
        if (!std::isfinite(number) || (type == Type::Integer && number != std::floor(number)) ||
            (type == Type::Seconds && number <= 0 && !zeroAllowed()) ||
            (minimum && number < *minimum) || (maximum && number > *maximum) ||
            (smallestAboveZero && number > 0 && number < *smallestAboveZero))
            return fail();
        // Whole numbers must fit in a double's exact range before becoming qint64.
        if (type == Type::Integer && std::fabs(number) > 9007199254740992.0)
            return fail();
        if (type == Type::Integer)
            return {QVariant::fromValue(static_cast<qint64>(number)), {}};
        return {number, {}};
    }
    case Type::Boolean:
        if (value.typeId() != QMetaType::Bool)
            return fail();
        return {value, {}};
    case Type::Text:
    case Type::Path:
        // An empty path is "not set": allowed only where the setting has a default.
        if (value.typeId() != QMetaType::QString ||
            (type == Type::Path && value.toString().isEmpty() && required()))
            return fail();
        return {value, {}};
    case Type::Choice:
        if (value.typeId() != QMetaType::QString || !choices.contains(value.toString()))
            return fail();
        return {value, {}};
    case Type::Object:
        if (value.typeId() != QMetaType::QVariantMap)
            return fail();
        return {value, {}};
    case Type::List:
        if (value.typeId() != QMetaType::QVariantList)
            return fail();
        return {value, {}};
    case Type::TextList: {
        if (value.typeId() == QMetaType::QStringList)
            return {value, {}};
        if (value.typeId() != QMetaType::QVariantList)
            return fail();
        QStringList texts;
        for (const QVariant &item : value.toList()) {
            if (item.typeId() != QMetaType::QString)
                return fail();
            texts << item.toString();
        }
        return {texts, {}};
    }
    case Type::TextMap: {
        if (value.typeId() != QMetaType::QVariantMap)
            return fail();
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.value().typeId() != QMetaType::QString)
                return fail();
        }
        return {map, {}};
    }
    }
    return fail();
}

} // namespace workhost
