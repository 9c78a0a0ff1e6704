#include <workhost/models/logfilter.h>

namespace workhost {

void LogFilter::prepare()
{
    if (!regularExpression) {
        m_expression = QRegularExpression();
        return;
    }
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (caseSensitivity == Qt::CaseInsensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    m_expression = QRegularExpression(text, options);
    m_expression.optimize();
}

QString LogFilter::error() const
{
    if (!regularExpression || m_expression.isValid())
        return {};
    return QStringLiteral("%1 at offset %2")
        .arg(m_expression.errorString())
        .arg(m_expression.patternErrorOffset());
}

} // namespace workhost
