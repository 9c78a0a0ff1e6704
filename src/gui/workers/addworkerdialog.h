#pragma once

#include <workhost/config/configuration.h>

#include <QDialog>
#include <QList>
#include <QStringList>

#include <memory>

namespace Ui {
class AddWorkerDialog;
}

namespace workhost {

class SettingsForm;
class WorkerRegistry;
struct WorkerType;

// The "add worker" form: a worker type, a name, autostart and a fault
// policy, and below them one field per setting of the chosen type, generated
// from its schema (WorkerType::settings, a SettingsForm) and rebuilt whenever the type
// changes. Every field says inline, as the person types, why its value is not
// accepted; OK is enabled only while every field is valid.
//
//     AddWorkerDialog dialog(registry, namesInUse, this);
//     if (dialog.exec() == QDialog::Accepted)
//         addWorker(dialog.workerConfig());
//
// workerConfig() is exactly what ConfigLoader makes of the same worker in a
// file: settings checked and normalised, defaults filled, path variables
// (${data}, ...) checked and kept as typed, the type's adjustOptions applied,
// the default restart policy.
//
// Owner: its parent widget (or the caller). It keeps a reference to the
// registry, which must outlive it. Lives on the GUI thread.
//
// Signals: none of its own; accepted(), rejected() and finished() as every
// QDialog, accepted() only with a valid form.
class AddWorkerDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddWorkerDialog)

public:
    // `takenNames`: the names of the workers that exist already.
    AddWorkerDialog(const WorkerRegistry &registry, QStringList takenNames,
                    QWidget *parent = nullptr);
    ~AddWorkerDialog() override;

    // The worker the form describes. Only while the form is valid (OK
    // enabled), which accepted() guarantees.
    WorkerConfig workerConfig() const;

    // Does nothing while a field is invalid, whatever pressed OK.
    void accept() override;

private:
    void fillTypes();
    void fillFaultPolicies();
    const WorkerType *currentType() const;
    void onTypeChanged();
    QString freeName(const QString &typeName) const;
    QString nameError() const;
    bool isComplete() const;
    void revalidate();
    QVariantMap checkedSettings(const WorkerType &type) const;

    std::unique_ptr<Ui::AddWorkerDialog> m_ui;
    const WorkerRegistry &m_registry;
    const QStringList m_takenNames;
    SettingsForm *m_settings; // a child: the fields of the chosen type
    QString m_suggestedName;  // replaced on a type change unless the person edited it
};

} // namespace workhost
