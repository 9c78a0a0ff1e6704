#pragma once

// One measurement of one tool in one case and repetition: a JSON line
// ({"bench":"supervise","tool":...,"case":...,"rep":...,"status":...,values...})
// and a row of the table. status is "ok", or why there is no figure
// ("refused", "timeout: ...", "failed: ...").

#include <QString>

#include <utility>
#include <vector>

namespace bench {

struct Measurement
{
    QString bench = QStringLiteral("supervise");
    QString tool;
    QString caseName;
    int rep = 0;
    QString status = QStringLiteral("ok");
    std::vector<std::pair<QString, double>> values;

    void set(const QString &key, double value) { values.emplace_back(key, value); }
    QByteArray json() const;
};

} // namespace bench
