#pragma once

#include <QList>
#include <QObject>
#include <QVariantMap>

class QFormLayout;
class QWidget;

namespace workhost {

class SettingEditor;
struct WorkerType;

// The settings part of a worker form ("add worker", "edit settings"): one
// labelled SettingEditor per setting of a worker type, in a form layout the
// dialog owns, read back as the raw object a configuration file would hold.
//
//     SettingsForm form(*ui->settingsForm, *ui->settingsArea, this);
//     form.rebuild(type, ui->autostartCheck);  // the fields come after it in tab order
//     form.setValues(worker.settings);         // else each field shows its default
//     connect(&form, &SettingsForm::edited, this, &Dialog::revalidate);
//     if (form.isValid()) send(form.rawSettings());
//
// Owner: the dialog (QObject parent); the editors and labels are the area's
// children. GUI thread.
// Signals: edited(): a field changed, after its message is up to date.
class SettingsForm : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsForm)

public:
    SettingsForm(QFormLayout &layout, QWidget &area, QObject *parent = nullptr);

    // The fields of `type`, replacing any shown; each editor comes after
    // `previous` (then after the one before it) in the tab order.
    void rebuild(const WorkerType &type, QWidget *previous);
    // Removes every field.
    void clear();
    // Fills the fields named in `settings` with their values.
    void setValues(const QVariantMap &settings);
    // Enables or disables every field (a form waiting for the host).
    void setEnabled(bool enabled);

    bool isValid() const;
    // Each non-empty field, by setting name, not yet checked: the host (or
    // WorkerRegistry::checkSettings) checks it and fills the defaults.
    QVariantMap rawSettings() const;

Q_SIGNALS:
    void edited();

private:
    QFormLayout &m_layout;
    QWidget &m_area;
    QList<SettingEditor *> m_editors; // in the layout, whose widget owns them
};

} // namespace workhost
