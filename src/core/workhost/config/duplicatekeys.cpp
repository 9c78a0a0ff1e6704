#include <workhost/config/duplicatekeys.h>

#include <workhost/config/objectchecker.h>
#include <workhost/config/textposition.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QList>

#include <cstring>

namespace workhost {

namespace {

// One object or list still open, the innermost last. While a value is read
// inside it, `currentKey` or `index` says where that value is.
struct OpenContainer
{
    explicit OpenContainer(bool object)
        : isObject(object)
    {}

    bool isObject = false;
    bool expectingKey = true;          // object: the next string is a key
    QString currentKey;                // object: the key of the value being read
    qsizetype index = 0;               // list: the index of the value being read
    QHash<QString, TextPosition> keys; // object: the keys met so far, and where
};

class DuplicateKeyScanner
{
public:
    explicit DuplicateKeyScanner(const QByteArray &json)
        : m_data(json.constData())
        , m_size(json.size())
        , m_offset(byteOrderMarkSize(json))
    {}

    ConfigIssues scan()
    {
        while (m_offset < m_size) {
            switch (m_data[m_offset]) {
            case '"':
                readString();
                break;
            case '{':
            case '[':
                m_open.append(OpenContainer(m_data[m_offset] == '{'));
                moveTo(m_offset + 1);
                break;
            case '}':
            case ']':
                if (!m_open.isEmpty())
                    m_open.removeLast();
                moveTo(m_offset + 1);
                break;
            case ',':
                if (!m_open.isEmpty()) {
                    m_open.last().expectingKey = true;
                    ++m_open.last().index;
                }
                moveTo(m_offset + 1);
                break;
            default:
                skipToStructure();
            }
        }
        return m_issues;
    }

private:
    // Moves forward, keeping the position: a plain loop, as this runs over every byte.
    void moveTo(qsizetype end)
    {
        for (; m_offset < end; ++m_offset)
            m_position.stepOver(m_data[m_offset]);
    }

    // Past white space, numbers, true, false, null.
    void skipToStructure()
    {
        qsizetype end = m_offset + 1;
        while (end < m_size && !std::strchr("\"{}[],", m_data[end]))
            ++end;
        moveTo(end);
    }

    // The JSON path of the innermost open container, built only when needed.
    QString pathOfInnermost() const
    {
        QString path;
        for (qsizetype i = 0; i + 1 < m_open.size(); ++i) {
            const OpenContainer &parent = m_open[i];
            path = parent.isObject ? joinPath(path, parent.currentKey)
                                   : path + QStringLiteral("[%1]").arg(parent.index);
        }
        return path;
    }

    // From the opening quote to past the closing one. A key is checked
    // against the keys met before in its object; a value string is skipped.
    void readString()
    {
        const TextPosition start = m_position;
        const qsizetype first = m_offset;
        qsizetype end = first + 1;
        for (bool escaped = false; end < m_size; ++end) {
            if (m_data[end] == '"' && !escaped)
                break;
            escaped = m_data[end] == '\\' && !escaped;
        }
        moveTo(std::min(end + 1, m_size));
        if (m_open.isEmpty() || !m_open.last().isObject || !m_open.last().expectingKey)
            return;
        OpenContainer &object = m_open.last();
        object.expectingKey = false;
        object.currentKey = decode(QByteArrayView(m_data + first, m_offset - first));
        const auto earlier = object.keys.constFind(object.currentKey);
        if (earlier == object.keys.cend()) {
            object.keys.insert(object.currentKey, start);
            return;
        }
        m_issues.append({ConfigIssue::Severity::Error,
                         joinPath(pathOfInnermost(), object.currentKey),
                         QStringLiteral("duplicate key at %1 (first at %2)")
                             .arg(start.toString(), earlier->toString())});
    }

    // A quoted JSON string as its text. Escapes are rare in keys: those go
    // through Qt's own parser, so that they decode exactly as the document's.
    static QString decode(QByteArrayView quoted)
    {
        const QByteArrayView inner = quoted.sliced(1, std::max<qsizetype>(quoted.size() - 2, 0));
        if (!inner.contains('\\'))
            return QString::fromUtf8(inner);
        return QJsonDocument::fromJson('[' + quoted.toByteArray() + ']').array().at(0).toString();
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_offset;
    TextPosition m_position;
    QList<OpenContainer> m_open;
    ConfigIssues m_issues;
};

} // namespace

ConfigIssues findDuplicateKeys(const QByteArray &json)
{
    return DuplicateKeyScanner(json).scan();
}

} // namespace workhost
