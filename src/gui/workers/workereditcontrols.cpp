#include "gui/workers/workereditcontrols.h"

#include "gui/workers/editsettingsdialog.h"
#include <workhost/config/enumnames.h>
#include <workhost/config/workerregistry.h>
#include <workhost/session/hostsession.h>

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

namespace workhost {

namespace {

constexpr int hostDefault = -1; // the combo's data for "follow the host's level"

} // namespace

WorkerEditControls::WorkerEditControls(HostSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_edit(new QPushButton(tr("Edit settings…"), this))
    , m_level(new QComboBox(this))
    , m_levelAnswer(new QLabel(this))
{
    m_edit->setObjectName(QStringLiteral("editSettingsButton"));
    m_level->setObjectName(QStringLiteral("logLevelCombo"));
    m_levelAnswer->setObjectName(QStringLiteral("logLevelAnswer"));
    m_levelAnswer->setWordWrap(true);
    m_level->addItem(tr("host default"), hostDefault);
    for (const LogLevel level : enumValues<LogLevel>()) // as the log panel names them
        m_level->addItem(enumName(level), int(level));
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *levelCaption = new QLabel(tr("Log level"), this);
    levelCaption->setBuddy(m_level);
    // One row (the pane is short): [Edit settings…]  Log level [host default ▾]
    layout->addWidget(m_edit, 0, 0);
    layout->addWidget(levelCaption, 0, 1);
    layout->addWidget(m_level, 0, 2);
    layout->addWidget(m_levelAnswer, 1, 0, 1, 4);
    layout->setColumnStretch(3, 1);
    m_levelAnswer->hide(); // until there is an answer

    connect(m_edit, &QPushButton::clicked, this, &WorkerEditControls::openEditor);
    // activated: the person's choice only, not showLevel()'s.
    connect(m_level, &QComboBox::activated, this, &WorkerEditControls::sendLevel);
    connect(&m_session, &HostSession::connectionChanged, this, &WorkerEditControls::updateEnabled);
    connect(&m_session, &HostSession::hostStateChanged, this, &WorkerEditControls::updateEnabled);
    connect(&m_session, &HostSession::configurationChanged, this,
            &WorkerEditControls::updateEnabled);
    showWorker({});
}

WorkerEditControls::~WorkerEditControls() = default;

EditSettingsDialog *WorkerEditControls::editDialog() const
{
    return m_dialog;
}

bool WorkerEditControls::canEdit(const HostSession &session)
{
    return !session.isAttached() || (session.connection() == HostSession::Connection::Connected &&
                                     !session.workerTypes().types().isEmpty());
}

void WorkerEditControls::showWorker(const QString &name)
{
    if (name != m_name) {
        m_levelAnswer->clear();
        m_levelAnswer->hide();
    }
    m_name = name;
    setVisible(!name.isEmpty());
    showLevel();
    updateEnabled();
}

void WorkerEditControls::updateEnabled()
{
    const bool connected = m_session.connection() == HostSession::Connection::Connected;
    const bool known = !m_name.isEmpty() && m_session.status(m_name).has_value();
    const bool editable = connected && known && canEdit(m_session);
    m_edit->setEnabled(editable && m_session.hostIsUp() &&
                       EditSettingsDialog::canShow(m_session, m_name));
    m_level->setEnabled(editable);
}

void WorkerEditControls::openEditor()
{
    if (m_dialog && m_dialog->worker() == m_name) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    if (m_dialog)
        m_dialog->close();
    m_dialog = new EditSettingsDialog(m_session, m_name, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this,
            [this, worker = m_name] { Q_EMIT settingsChanged(worker); });
    m_dialog->show();
}

void WorkerEditControls::showLevel()
{
    m_level->setCurrentIndex(m_level->findData(m_levelsSet.value(m_name, hostDefault)));
}

void WorkerEditControls::sendLevel(int index)
{
    const int chosen = m_level->itemData(index).toInt();
    const std::optional<LogLevel> level =
        chosen == hostDefault ? std::nullopt : std::optional(LogLevel(chosen));
    const QString text = m_level->itemText(index);
    m_levelAnswer->setText(tr("Sending…"));
    m_levelAnswer->show();
    m_session.setLogLevel(
        m_name, level,
        CommandReply(this, [this, worker = m_name, chosen, text](const CommandResult &result) {
            if (result.ok())
                m_levelsSet.insert(worker, chosen);
            if (worker != m_name) // another worker is shown now
                return;
            m_levelAnswer->setText(result.ok() ? tr("%1 logs at: %2").arg(worker, text)
                                               : tr("Not changed: %1").arg(result.message));
            showLevel();
        }));
}

} // namespace workhost
