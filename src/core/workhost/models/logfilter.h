#pragma once

#include <workhost/logging/loglevel.h>
#include <workhost/logging/logrecord.h>

#include <QRegularExpression>
#include <QSet>
#include <QString>

namespace workhost {

// Which log lines a view shows: a minimum level, a set of services (empty:
// all), and a text to find, plain or as a regular expression.
// A value type; matches() is what LogModel runs over every retained line.
class LogFilter
{
public:
    LogLevel minimumLevel = LogLevel::Trace;
    QSet<QString> services;
    QString text;
    bool regularExpression = false;
    Qt::CaseSensitivity caseSensitivity = Qt::CaseInsensitive;

    // An invalid regular expression matches nothing; this says why.
    QString error() const;

    // Compiles the expression; call after changing the fields, before matches().
    void prepare();
    bool matches(const LogRecord &record) const
    {
        if (record.level < minimumLevel)
            return false;
        if (!services.isEmpty() && !services.contains(record.service))
            return false;
        if (text.isEmpty())
            return true;
        if (regularExpression)
            return m_expression.isValid() && m_expression.match(record.message).hasMatch();
        return record.message.contains(text, caseSensitivity);
    }

    bool operator==(const LogFilter &other) const
    {
        return minimumLevel == other.minimumLevel && services == other.services &&
               text == other.text && regularExpression == other.regularExpression &&
               caseSensitivity == other.caseSensitivity;
    }

private:
    QRegularExpression m_expression;
};

} // namespace workhost
