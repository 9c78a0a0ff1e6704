#include <workhost/hosting/itemsunit.h>

#include <array>

namespace workhost {

namespace {

// One decimal while it still tells something, none from 100 up.
QString number(double value)
{
    return QString::number(value, 'f', value < 99.95 ? 1 : 0);
}

QString byteRateText(double perSecond)
{
    static constexpr std::array prefixes = {"", "K", "M", "G", "T"};
    size_t prefix = 0;
    double value = perSecond;
    while (value >= 999.95 && prefix + 1 < prefixes.size()) {
        value /= 1000;
        ++prefix;
    }
    return QStringLiteral("%1 %2B/s").arg(number(value), QLatin1String(prefixes[prefix]));
}

} // namespace

QString rateText(double perSecond, const ItemsUnit &unit)
{
    if (unit.isBytes())
        return byteRateText(perSecond);
    const QString per = QLatin1Char(' ') + unit.name() + QStringLiteral("/s");
    if (perSecond >= 1e6)
        return QString::number(perSecond / 1e6, 'f', 1) + QLatin1Char('M') + per;
    if (perSecond >= 1e4)
        return QString::number(perSecond / 1e3, 'f', 1) + QLatin1Char('k') + per;
    return number(perSecond) + per;
}

} // namespace workhost
