#include "gui/workers/addworkerdialog.h"

#include "ui_addworkerdialog.h"
#include <workhost/config/configloader.h>
#include <workhost/config/enumnames.h>

#include "gui/workers/settingeditor.h"
#include "gui/workers/settingsform.h"
#include <workhost/config/workerregistry.h>

#include <QLabel>
#include <QPushButton>

namespace workhost {

namespace {

struct PolicyText
{
    QString label;
    QString toolTip;
};

PolicyText policyText(FaultPolicy policy)
{
    switch (policy) {
    case FaultPolicy::Restart:
        return {AddWorkerDialog::tr("Restart"),
                AddWorkerDialog::tr("Back off, then start it again, within the restart limit.")};
    case FaultPolicy::Ignore:
        return {AddWorkerDialog::tr("Ignore"),
                AddWorkerDialog::tr("Leave it faulted until it is started by hand.")};
    case FaultPolicy::StopHost:
        return {AddWorkerDialog::tr("Stop the host"),
                AddWorkerDialog::tr("Stop every worker; the host reports a failure.")};
    }
    return {configName(policy), {}};
}

} // namespace

AddWorkerDialog::AddWorkerDialog(const WorkerRegistry &registry, QStringList takenNames,
                                 QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AddWorkerDialog>())
    , m_registry(registry)
    , m_takenNames(std::move(takenNames))
{
    m_ui->setupUi(this);
    m_settings = new SettingsForm(*m_ui->settingsForm, *m_ui->settingsArea, this);
    connect(m_settings, &SettingsForm::edited, this, &AddWorkerDialog::revalidate);
    SettingEditor::setUpMessageLabel(m_ui->message_name);
    fillFaultPolicies();
    fillTypes();
    connect(m_ui->typeCombo, &QComboBox::currentIndexChanged, this,
            &AddWorkerDialog::onTypeChanged);
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &AddWorkerDialog::revalidate);
    onTypeChanged();
}

AddWorkerDialog::~AddWorkerDialog() = default;

void AddWorkerDialog::fillTypes()
{
    for (const WorkerType &type : m_registry.types()) {
        m_ui->typeCombo->addItem(type.name, type.name);
        m_ui->typeCombo->setItemData(m_ui->typeCombo->count() - 1, type.description,
                                     Qt::ToolTipRole);
    }
}

void AddWorkerDialog::fillFaultPolicies()
{
    // Every policy the configuration knows (enumnames.h's table), each in words.
    QComboBox *combo = m_ui->faultPolicyCombo;
    for (const FaultPolicy policy : enumValues<FaultPolicy>()) {
        const PolicyText text = policyText(policy);
        combo->addItem(text.label, QVariant::fromValue(policy));
        combo->setItemData(combo->count() - 1, text.toolTip, Qt::ToolTipRole);
    }
    combo->setCurrentIndex(combo->findData(QVariant::fromValue(ServiceOptions().faultPolicy)));
}

const WorkerType *AddWorkerDialog::currentType() const
{
    return m_registry.find(m_ui->typeCombo->currentData().toString());
}

void AddWorkerDialog::onTypeChanged()
{
    const WorkerType *type = currentType();
    m_settings->clear();
    m_ui->typeDescription->setText(type ? type->description : QString());
    if (type) {
        m_ui->settingsBox->setTitle(tr("Settings of %1").arg(type->name));
        m_settings->rebuild(*type, m_ui->autostartCheck);
        const QString name = m_ui->nameEdit->text();
        if (name.isEmpty() || name == m_suggestedName) {
            m_suggestedName = freeName(type->name);
            m_ui->nameEdit->setText(m_suggestedName);
        }
    }
    revalidate();
}

// The type's name if no worker has it, else the first of "heartbeat-2", "heartbeat-3"...
QString AddWorkerDialog::freeName(const QString &typeName) const
{
    QString name = typeName;
    for (int n = 2; m_takenNames.contains(name); ++n)
        name = QStringLiteral("%1-%2").arg(typeName).arg(n);
    return name;
}

QString AddWorkerDialog::nameError() const
{
    const QString name = m_ui->nameEdit->text();
    if (name.isEmpty())
        return tr("required");
    // The same rules as a configuration file's: what is saved must load again.
    if (const QString problem = ConfigLoader::nameProblem(name); !problem.isEmpty())
        return problem;
    if (m_takenNames.contains(name))
        return tr("\"%1\" is taken: another worker has this name").arg(name);
    return {};
}

bool AddWorkerDialog::isComplete() const
{
    return currentType() && nameError().isEmpty() && m_settings->isValid();
}

void AddWorkerDialog::revalidate()
{
    const QString error = nameError();
    m_ui->message_name->setText(error);
    m_ui->message_name->setVisible(!error.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(isComplete());
}

void AddWorkerDialog::accept()
{
    if (!isComplete())
        return;
    QDialog::accept();
}

// The settings as ConfigLoader reads them from a file: each field that is
// not empty is a key of the raw object, checked against the schema with the
// defaults filled in.
QVariantMap AddWorkerDialog::checkedSettings(const WorkerType &type) const
{
    ConfigIssues issues;
    QVariantMap settings =
        m_registry.checkSettings(type, m_settings->rawSettings(), type.name, issues);
    Q_ASSERT_X(!hasErrors(issues), "AddWorkerDialog", "every field is valid before this");
    return settings;
}

WorkerConfig AddWorkerDialog::workerConfig() const
{
    Q_ASSERT_X(isComplete(), "AddWorkerDialog::workerConfig",
               "only a valid form describes a worker");
    const WorkerType *type = currentType();
    if (!type)
        return {};
    WorkerConfig config;
    config.name = m_ui->nameEdit->text();
    config.type = type->name;
    config.settings = checkedSettings(*type);
    config.options.autostart = m_ui->autostartCheck->isChecked();
    config.options.faultPolicy = m_ui->faultPolicyCombo->currentData().value<FaultPolicy>();
    if (type->adjustOptions)
        type->adjustOptions(config.settings, config.options);
    return config;
}

} // namespace workhost
