#include "gui/workers/editsettingsdialog.h"

#include "gui/workers/settingeditor.h"
#include "gui/workers/settingsform.h"
#include <workhost/config/workerregistry.h>
#include <workhost/session/hostsession.h>

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace workhost {

namespace {

std::optional<WorkerConfig> configOf(const HostSession &session, const QString &worker)
{
    for (const WorkerConfig &config : session.configuration().workers) {
        if (config.name == worker)
            return config;
    }
    return std::nullopt;
}

QLabel *wrappedLabel(const char *name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setWordWrap(true);
    return label;
}

} // namespace

EditSettingsDialog::EditSettingsDialog(HostSession &session, const QString &worker, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_worker(worker)
{
    setWindowTitle(tr("Settings of %1").arg(worker));
    // Wide enough for a path or a command line, and for the messages to read as sentences.
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    buildForm();
    // A worker started or stopped meanwhile (here or elsewhere) changes what OK would meet.
    connect(&m_session, &HostSession::workerStateChanged, this,
            &EditSettingsDialog::showWhetherAtRest);
    connect(&m_session, &HostSession::statusesChanged, this,
            &EditSettingsDialog::showWhetherAtRest);
    showWhetherAtRest();
    revalidate();
}

EditSettingsDialog::~EditSettingsDialog() = default;

bool EditSettingsDialog::canShow(const HostSession &session, const QString &worker)
{
    const std::optional<WorkerConfig> config = configOf(session, worker);
    return config && session.workerTypes().find(config->type);
}

void EditSettingsDialog::buildForm()
{
    auto *layout = new QVBoxLayout(this);
    const std::optional<WorkerConfig> config = configOf(m_session, m_worker);
    const WorkerType *type = config ? m_session.workerTypes().find(config->type) : nullptr;
    QLabel *intro = wrappedLabel("intro", this);
    intro->setText(tr("The host replaces %1 (%2) with a worker made with these settings.")
                       .arg(m_worker, config ? config->type : tr("unknown type")));
    layout->addWidget(intro);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto *area = new QWidget(scroll);
    auto *form = new QFormLayout(area);
    scroll->setWidget(area);
    layout->addWidget(scroll);
    m_form = new SettingsForm(*form, *area, this);
    if (type) {
        m_form->rebuild(*type, nullptr);
        m_form->setValues(config->settings);
    }
    connect(m_form, &SettingsForm::edited, this, &EditSettingsDialog::revalidate);
    // Every field in sight when they fit, a scroll bar past that.
    scroll->setMinimumHeight(qMin(area->sizeHint().height() + 2 * scroll->frameWidth(), 400));
    m_notAtRest = wrappedLabel("notAtRest", this);
    m_waitingLabel = wrappedLabel("waitingForTheHost", this);
    m_waitingLabel->setText(tr("Waiting for the host's answer…"));
    m_waitingLabel->hide();
    m_refusal = new QLabel(this);
    m_refusal->setObjectName(QStringLiteral("hostRefusal"));
    SettingEditor::setUpMessageLabel(m_refusal);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &EditSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EditSettingsDialog::reject);
    for (QWidget *widget :
         {static_cast<QWidget *>(m_notAtRest), static_cast<QWidget *>(m_waitingLabel),
          static_cast<QWidget *>(m_refusal), static_cast<QWidget *>(m_buttons)})
        layout->addWidget(widget);
}

// Said before OK, not enforced: the host decides, and a remote host's
// statuses may lag; pressing OK anyway shows its refusal.
void EditSettingsDialog::showWhetherAtRest()
{
    const std::optional<ServiceStatus> status = m_session.status(m_worker);
    const bool atRest = !status || canBeRemoved(status->state, status->threadAlive);
    m_notAtRest->setText(atRest ? QString()
                                : tr("%1 is running: the host changes its settings only once it "
                                     "is stopped. Stop it first (this dialog can stay open).")
                                      .arg(m_worker));
    m_notAtRest->setVisible(!atRest);
    fitContents();
}

// Grows to show a message that appeared: a top-level layout does not
// enforce the height of word-wrapped labels (height for width) by itself.
void EditSettingsDialog::fitContents()
{
    if (!isVisible()) // shown at its size hint
        return;
    QLayout *box = layout();
    box->activate();
    const int needed = box->hasHeightForWidth() ? box->totalHeightForWidth(width())
                                                : box->totalSizeHint().height();
    if (height() < needed)
        resize(width(), needed);
}

void EditSettingsDialog::revalidate()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_waiting && m_form->isValid());
}

void EditSettingsDialog::accept()
{
    if (m_waiting || !m_form->isValid())
        return;
    m_waiting = true;
    m_form->setEnabled(false);
    m_refusal->hide();
    m_waitingLabel->show();
    revalidate();
    // Dropped if the dialog is closed first: the host still gets the command.
    m_session.changeWorkerSettings(
        m_worker, m_form->rawSettings(),
        CommandReply(this, [this](const CommandResult &result) { onAnswer(result); }));
}

void EditSettingsDialog::onAnswer(const CommandResult &result)
{
    m_waiting = false;
    m_waitingLabel->hide();
    if (result.ok()) {
        QDialog::accept();
        return;
    }
    m_form->setEnabled(true);
    m_refusal->setText(tr("The host did not change the settings: %1").arg(result.message));
    m_refusal->show();
    revalidate();
    fitContents();
}

} // namespace workhost
