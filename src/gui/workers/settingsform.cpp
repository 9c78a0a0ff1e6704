#include "gui/workers/settingsform.h"

#include "gui/workers/settingeditor.h"
#include <workhost/config/workerregistry.h>

#include <QFormLayout>
#include <QLabel>

#include <algorithm>

namespace workhost {

SettingsForm::SettingsForm(QFormLayout &layout, QWidget &area, QObject *parent)
    : QObject(parent)
    , m_layout(layout)
    , m_area(area)
{}

void SettingsForm::clear()
{
    m_editors.clear();
    while (m_layout.rowCount() > 0)
        m_layout.removeRow(0); // deletes the row's label and editor
}

void SettingsForm::rebuild(const WorkerType &type, QWidget *previous)
{
    clear();
    for (const SettingSpec &spec : type.settings) {
        auto *editor = new SettingEditor(spec, &m_area);
        // A duration says its unit: 604800 alone does not read as a week.
        const QString unit = spec.type == SettingSpec::Type::Seconds ? tr(" (seconds)") : QString();
        auto *label = new QLabel(spec.name + unit + QLatin1Char(':'), &m_area);
        label->setBuddy(editor->input());
        label->setToolTip(spec.description);
        m_layout.addRow(label, editor);
        connect(editor, &SettingEditor::edited, this, &SettingsForm::edited);
        // Editors made after the dialog's setupUi() would otherwise come after its buttons.
        if (previous)
            QWidget::setTabOrder(previous, editor->input());
        previous = editor->input();
        m_editors << editor;
    }
}

void SettingsForm::setValues(const QVariantMap &settings)
{
    for (SettingEditor *editor : std::as_const(m_editors)) {
        if (settings.contains(editor->spec().name))
            editor->setValue(settings.value(editor->spec().name));
    }
}

void SettingsForm::setEnabled(bool enabled)
{
    for (SettingEditor *editor : std::as_const(m_editors))
        editor->setEnabled(enabled);
}

bool SettingsForm::isValid() const
{
    return std::all_of(m_editors.cbegin(), m_editors.cend(),
                       [](const SettingEditor *editor) { return editor->isValid(); });
}

QVariantMap SettingsForm::rawSettings() const
{
    QVariantMap raw;
    for (const SettingEditor *editor : m_editors) {
        if (const std::optional<QVariant> value = editor->value())
            raw.insert(editor->spec().name, *value);
    }
    return raw;
}

} // namespace workhost
