#include "measurement.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace bench {

QByteArray Measurement::json() const
{
    // Qt's JSON object sorts its keys: the fixed ones first by hand.
    QByteArray line =
        "{\"bench\":\"" + bench.toUtf8() + "\",\"tool\":\"" + tool.toUtf8() + "\",\"case\":\"" +
        caseName.toUtf8() + "\",\"rep\":" + QByteArray::number(rep) + ",\"status\":" +
        QJsonDocument(QJsonObject{{"s", status}}).toJson(QJsonDocument::Compact).mid(5).chopped(1);
    for (const auto &[key, value] : values) {
        const double rounded = std::round(value * 1000.0) / 1000.0;
        line += ",\"" + key.toUtf8() + "\":" + QByteArray::number(rounded, 'g', 12);
    }
    return line + "}";
}

} // namespace bench
