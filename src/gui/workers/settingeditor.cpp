#include "gui/workers/settingeditor.h"

#include <workhost/config/pathvariables.h>

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace workhost {

namespace {

using Type = SettingSpec::Type;

constexpr int multiLineRows = 4;

bool isNumeric(Type type)
{
    return type == Type::Integer || type == Type::Number || type == Type::Seconds;
}

bool isMultiLine(Type type)
{
    return type == Type::TextList || type == Type::TextMap || type == Type::Object ||
           type == Type::List;
}

QString formatNumber(const QVariant &value)
{
    return QString::number(value.toDouble(), 'g', 15);
}

// A number as people type it: 5, 2.5, .5, -3, 1e3. Anything else stays a
// text, so that the message quotes what was typed: got "fast".
QVariant parseNumber(const QString &text)
{
    static const QRegularExpression number(
        QStringLiteral("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    const QString trimmed = text.trimmed();
    if (!number.match(trimmed).hasMatch())
        return text;
    bool ok = false;
    const double value = trimmed.toDouble(&ok);
    return ok ? QVariant(value) : QVariant(text);
}

QStringList nonEmptyLines(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

// `value` as the field shows it (a default, or a worker's current setting).
QString valueText(const SettingSpec &spec, const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (spec.type) {
    case Type::Integer:
    case Type::Number:
    case Type::Seconds:
        return formatNumber(value);
    case Type::TextList:
        return value.toStringList().join(QLatin1Char('\n'));
    case Type::TextMap: {
        QStringList lines;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            lines << it.key() + QLatin1Char('=') + it.value().toString();
        return lines.join(QLatin1Char('\n'));
    }
    case Type::Object:
        return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(value.toMap()))
                                     .toJson(QJsonDocument::Compact));
    case Type::List:
        return QString::fromUtf8(QJsonDocument(QJsonArray::fromVariantList(value.toList()))
                                     .toJson(QJsonDocument::Compact));
    default:
        return value.toString();
    }
}

QString formatHint(Type type)
{
    switch (type) {
    case Type::TextList:
        return SettingEditor::tr("one per line");
    case Type::TextMap:
        return SettingEditor::tr("KEY=VALUE per line");
    case Type::Object:
    case Type::List:
        return SettingEditor::tr("JSON");
    default:
        return {};
    }
}

} // namespace

SettingEditor::SettingEditor(const SettingSpec &spec, QWidget *parent)
    : QWidget(parent)
    , m_spec(spec)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_input = createInput();
    m_input->setObjectName(QStringLiteral("setting_") + spec.name);
    m_input->setToolTip(tr("%1\nExpects %2.").arg(spec.description, spec.expectation()));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message_") + spec.name);
    setUpMessageLabel(m_message);
    layout->addWidget(m_input);
    layout->addWidget(m_message);
    setValue(spec.defaultValue);
    revalidate();
}

void SettingEditor::setUpMessageLabel(QLabel *label)
{
    // The message quotes what was typed, which must never be read as markup.
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    label->setPalette(palette);
    label->hide();
}

QWidget *SettingEditor::createInput()
{
    if (m_spec.type == Type::Boolean) {
        auto *check = new QCheckBox(
            m_spec.invertedLabel.isEmpty() ? m_spec.description : m_spec.invertedLabel, this);
        connect(check, &QCheckBox::toggled, this, &SettingEditor::revalidate);
        return check;
    }
    if (m_spec.type == Type::Choice) {
        auto *combo = new QComboBox(this);
        combo->addItems(m_spec.choices);
        connect(combo, &QComboBox::currentIndexChanged, this, &SettingEditor::revalidate);
        return combo;
    }
    if (isMultiLine(m_spec.type)) {
        auto *edit = new QPlainTextEdit(this);
        edit->setTabChangesFocus(true);
        edit->setPlaceholderText(placeholder());
        const int margins = 2 * (edit->frameWidth() + qRound(edit->document()->documentMargin()));
        edit->setFixedHeight(edit->fontMetrics().lineSpacing() * multiLineRows + margins);
        connect(edit, &QPlainTextEdit::textChanged, this, &SettingEditor::revalidate);
        return edit;
    }
    auto *line = new QLineEdit(this);
    line->setPlaceholderText(placeholder());
    connect(line, &QLineEdit::textChanged, this, &SettingEditor::revalidate);
    return line;
}

// Shown only while the field is empty: what the setting is, and what empty means.
QString SettingEditor::placeholder() const
{
    QStringList parts = {m_spec.description};
    if (const QString hint = formatHint(m_spec.type); !hint.isEmpty())
        parts << hint;
    if (m_spec.required())
        parts << tr("required");
    else if (const QString text = valueText(m_spec, m_spec.defaultValue);
             !text.isEmpty() && !isMultiLine(m_spec.type))
        parts << tr("empty for the default, %1").arg(text);
    return parts.join(QStringLiteral("; "));
}

void SettingEditor::setValue(const QVariant &value)
{
    if (auto *check = qobject_cast<QCheckBox *>(m_input))
        check->setChecked(value.toBool() == m_spec.invertedLabel.isEmpty());
    else if (auto *combo = qobject_cast<QComboBox *>(m_input))
        combo->setCurrentIndex(m_spec.choices.indexOf(value.toString()));
    else if (auto *edit = qobject_cast<QPlainTextEdit *>(m_input))
        edit->setPlainText(valueText(m_spec, value));
    else if (auto *line = qobject_cast<QLineEdit *>(m_input))
        line->setText(valueText(m_spec, value));
}

std::optional<QVariant> SettingEditor::value() const
{
    return read().value;
}

SettingEditor::Reading SettingEditor::read() const
{
    switch (m_spec.type) {
    case Type::Boolean: // an inverted box is ticked for false
        return {qobject_cast<QCheckBox *>(m_input)->isChecked() == m_spec.invertedLabel.isEmpty(),
                {}};
    case Type::Choice: {
        const auto *combo = qobject_cast<QComboBox *>(m_input);
        if (combo->currentIndex() < 0)
            return {};
        return {combo->currentText(), {}};
    }
    case Type::TextList:
        return readLines();
    case Type::TextMap:
        return readKeyValueLines();
    case Type::Object:
    case Type::List:
        return readJson();
    default:
        return readLine();
    }
}

SettingEditor::Reading SettingEditor::readLine() const
{
    const QString text = qobject_cast<QLineEdit *>(m_input)->text();
    if (!isNumeric(m_spec.type))
        return text.isEmpty() ? Reading{} : Reading{text, {}};
    if (text.trimmed().isEmpty())
        return {};
    return {parseNumber(text), {}};
}

SettingEditor::Reading SettingEditor::readLines() const
{
    const QStringList lines = nonEmptyLines(qobject_cast<QPlainTextEdit *>(m_input)->toPlainText());
    if (lines.isEmpty())
        return {};
    QVariantList texts;
    for (const QString &line : lines)
        texts << line;
    return {texts, {}};
}

SettingEditor::Reading SettingEditor::readKeyValueLines() const
{
    const QStringList lines =
        qobject_cast<QPlainTextEdit *>(m_input)->toPlainText().split(QLatin1Char('\n'));
    QVariantMap map;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines[i];
        if (line.isEmpty())
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString where = tr("line %1").arg(i + 1);
        if (equals <= 0)
            return {{}, tr("%1: expected KEY=VALUE, got %2").arg(where, describeValue(line))};
        const QString key = line.left(equals);
        if (map.contains(key))
            return {{}, tr("%1: \"%2\" is already set above").arg(where, key)};
        map.insert(key, line.mid(equals + 1));
    }
    if (map.isEmpty())
        return {};
    return {map, {}};
}

SettingEditor::Reading SettingEditor::readJson() const
{
    const QString text = qobject_cast<QPlainTextEdit *>(m_input)->toPlainText();
    if (text.trimmed().isEmpty())
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return {{},
                tr("JSON syntax error at character %1: %2")
                    .arg(error.offset + 1)
                    .arg(error.errorString())};
    if (document.isArray())
        return {document.array().toVariantList(), {}};
    return {document.object().toVariantMap(), {}};
}

QString SettingEditor::findError() const
{
    const Reading reading = read();
    if (!reading.error.isEmpty())
        return reading.error;
    if (!reading.value)
        return m_spec.required() ? tr("required") : QString();
    const SettingSpec::Checked checked = m_spec.check(*reading.value);
    if (!checked.ok())
        return checked.error;
    if (m_spec.type != Type::Path)
        return {};
    QString error;
    expandPathVariables(checked.value.toString(), &error);
    return error;
}

void SettingEditor::revalidate()
{
    m_error = findError();
    m_message->setText(m_error);
    m_message->setVisible(!m_error.isEmpty());
    Q_EMIT edited();
}

} // namespace workhost
