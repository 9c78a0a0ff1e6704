#pragma once

#include <workhost/config/settingspec.h>

#include <QWidget>

#include <optional>

class QLabel;

namespace workhost {

// The field for one SettingSpec in a settings form (SettingsForm): an input fitting
// the setting's type, prefilled with its default, and under it a red message
// that shows, as the person types, why the value is not accepted (the text of
// SettingSpec::check(), "required", or a path variable error).
//
//     auto *editor = new SettingEditor(spec, form);
//     formLayout->addRow(spec.name, editor);
//     connect(editor, &SettingEditor::edited, this, &Form::updateOkButton);
//     if (const auto value = editor->value()) raw.insert(spec.name, *value);
//
// Inputs: a line for numbers, seconds, texts and paths; a check box for
// booleans (with the description as its text, or SettingSpec::invertedLabel,
// and then ticked for false); a combo box for choices; a few lines of text for a list (one
// item per line, blank lines ignored), a map (KEY=VALUE per line) and for
// any other object or list (JSON). An empty field leaves the setting out, as
// a configuration file that does not mention it: the default applies, or,
// for a required setting, the message says "required".
//
// The input is named "setting_<name>", the message label "message_<name>".
// Owner: its parent widget; lives on the GUI thread.
//
// Signals:
//  edited(): each time the input changes, after error() and the message are
//            up to date (synchronously, from the input's own signal).
class SettingEditor : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingEditor)

public:
    explicit SettingEditor(const SettingSpec &spec, QWidget *parent = nullptr);

    const SettingSpec &spec() const { return m_spec; }
    QWidget *input() const { return m_input; }

    // Shows `value` (as a checked configuration holds it) in the input, as
    // if typed: a worker's current setting in the "edit settings" form.
    // Prefilled with the default; a null value empties the field.
    void setValue(const QVariant &value);

    // The value as a configuration file would hold it (double, bool, QString,
    // QVariantList, QVariantMap), not yet checked; nullopt when the field is
    // empty and the setting is to be left out.
    std::optional<QVariant> value() const;

    // Why the value is not accepted, as shown under the input; empty when it is.
    QString error() const { return m_error; }
    bool isValid() const { return m_error.isEmpty(); }

    // Makes `label` look like the message under an input (red, plain text,
    // wrapped, hidden until there is something to say), for the form's other fields.
    static void setUpMessageLabel(QLabel *label);

Q_SIGNALS:
    void edited();

private:
    // What the field reads as: a value, nothing, or why it cannot be read.
    struct Reading
    {
        std::optional<QVariant> value;
        QString error;
    };

    QWidget *createInput();
    QString placeholder() const;
    Reading read() const;
    Reading readLine() const;
    Reading readLines() const;
    Reading readKeyValueLines() const;
    Reading readJson() const;
    QString findError() const;
    void revalidate();

    const SettingSpec m_spec;
    QWidget *m_input = nullptr;
    QLabel *m_message = nullptr;
    QString m_error;
};

} // namespace workhost
