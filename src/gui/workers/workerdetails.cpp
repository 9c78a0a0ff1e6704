#include "gui/workers/workerdetails.h"
#include "ui_workerdetails.h"

#include "gui/workers/statevisuals.h"
#include "gui/workers/workereditcontrols.h"
#include "gui/workers/workertablemodel.h"
#include <workhost/session/hostsession.h>

#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>

namespace workhost {

namespace {

QString valueText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(' '));
    if (value.typeId() == QMetaType::QVariantList) {
        QStringList items;
        for (const QVariant &item : value.toList())
            items << item.toString();
        return items.join(QLatin1Char(' '));
    }
    if (value.typeId() == QMetaType::QVariantMap) {
        QStringList items;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            items << it.key() + QLatin1Char('=') + it.value().toString();
        return items.join(QStringLiteral(", "));
    }
    return value.toString();
}

// "name: value" lines, as the settings read.
QString namedLines(const QVariantMap &values)
{
    QStringList lines;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        lines << QStringLiteral("%1: %2").arg(it.key(), valueText(it.value()));
    return lines.join(QLatin1Char('\n'));
}

QString policyText(const ServiceOptions &options)
{
    const RestartPolicy &r = options.restart;
    QString text;
    switch (options.faultPolicy) {
    case FaultPolicy::Restart:
        text =
            QObject::tr("restart after %1 s, ×%2 each time up to %3 s; at most %4 restarts in %5 s")
                .arg(double(r.initialBackoff.count()) / 1000)
                .arg(r.backoffFactor)
                .arg(double(r.maxBackoff.count()) / 1000)
                .arg(r.maxRestarts)
                .arg(double(r.intensityWindow.count()) / 1000);
        break;
    case FaultPolicy::Ignore:
        text = QObject::tr("stay faulted");
        break;
    case FaultPolicy::StopHost:
        text = QObject::tr("stop the whole host");
        break;
    }
    if (options.restartOnCompletion)
        text += QObject::tr("; runs again when it completes");
    return text;
}

} // namespace

WorkerDetails::WorkerDetails(HostSession &session, WorkerTableModel &table, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::WorkerDetails>())
    , m_session(session)
    , m_table(table)
{
    m_ui->setupUi(this);
    m_editControls = new WorkerEditControls(m_session, this);
    m_ui->detailsLayout->insertWidget(m_ui->detailsLayout->indexOf(m_ui->actionsBox),
                                      m_editControls);
    connect(m_editControls, &WorkerEditControls::settingsChanged, this,
            &WorkerDetails::settingsChanged);
    connect(&m_table, &QAbstractItemModel::dataChanged, this, &WorkerDetails::refresh);
    connect(&m_table, &WorkerTableModel::historyChanged, this, [this](const QString &name) {
        if (name == m_name)
            refreshHistory();
    });
    // A remote session describes a worker (type, settings, actions) after it
    // shows in the table, and every session after an edit: the shown worker
    // is shown again as described now.
    connect(&m_session, &HostSession::configurationChanged, this, &WorkerDetails::showDescribed);
    showWorker({}, {});
}

WorkerDetails::~WorkerDetails() = default;

void WorkerDetails::showDescribed()
{
    if (m_name.isEmpty())
        return;
    for (const WorkerConfig &config : m_session.configuration().workers) {
        if (config.name == m_name) {
            showWorker(m_name, config);
            return;
        }
    }
}

void WorkerDetails::showWorker(const QString &name, const WorkerConfig &config)
{
    const bool sameWorker = name == m_name;
    m_name = name;
    m_config = config;
    const bool shown = !name.isEmpty() && m_session.status(name).has_value();
    for (QWidget *widget :
         {static_cast<QWidget *>(m_ui->stateCaption), static_cast<QWidget *>(m_ui->stateValue),
          static_cast<QWidget *>(m_ui->startedCaption), static_cast<QWidget *>(m_ui->startedValue),
          static_cast<QWidget *>(m_ui->errorCaption), static_cast<QWidget *>(m_ui->errorValue),
          static_cast<QWidget *>(m_ui->settingsCaption),
          static_cast<QWidget *>(m_ui->settingsValue), static_cast<QWidget *>(m_ui->policyCaption),
          static_cast<QWidget *>(m_ui->policyValue), static_cast<QWidget *>(m_ui->historyCaption),
          static_cast<QWidget *>(m_ui->historyList)})
        widget->setVisible(shown);
    const QList<ServiceAction> actions =
        shown ? m_session.workerActions(name) : QList<ServiceAction>();
    // The same worker's same controls stay, with the last answer under them.
    if (!sameWorker || !shown || actions != m_actions)
        showActions(actions);
    m_editControls->showWorker(shown ? name : QString());
    if (!shown) {
        showValues({});
        m_ui->titleLabel->setText(tr("Select a worker to see its details."));
        return;
    }
    m_ui->titleLabel->setText(
        QStringLiteral("<b>%1</b> · %2").arg(name.toHtmlEscaped(), config.type));
    m_ui->settingsValue->setText(config.settings.isEmpty() ? tr("(none)")
                                                           : namedLines(config.settings));
    m_ui->policyValue->setText(policyText(m_session.workerOptions(name).value_or(config.options)));
    refresh();
    refreshHistory();
}

void WorkerDetails::refresh()
{
    if (m_name.isEmpty())
        return;
    const std::optional<ServiceStatus> status = m_session.status(m_name);
    if (!status)
        return;
    m_ui->stateValue->setText(
        tr("%1 since %2")
            .arg(stateText(status->state, status->lastOutcome),
                 status->stateSince.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    m_ui->startedValue->setText(status->startedAt.isValid()
                                    ? tr("%1 · %2 automatic restart(s)")
                                          .arg(status->startedAt.toLocalTime().toString(
                                              QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                                          .arg(status->restartCount)
                                    : tr("never"));
    m_ui->errorValue->setText(status->lastError.isEmpty() ? tr("none") : status->lastError);
    showValues(status->values);
}

void WorkerDetails::showValues(const QVariantMap &values)
{
    // Only the workers that publish values get the row.
    m_ui->valuesCaption->setVisible(!values.isEmpty());
    m_ui->valuesValue->setVisible(!values.isEmpty());
    m_ui->valuesValue->setText(namedLines(values));
}

void WorkerDetails::refreshHistory()
{
    m_ui->historyList->clear();
    const QList<ServiceTransition> history = m_table.history(m_name);
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        // A transition that ends a run says how: "Running → Stopped  Completed: completed".
        const QString why =
            it->outcome ? QStringLiteral("%1: %2").arg(outcomeLabel(*it->outcome), it->reason)
                        : it->reason;
        auto *item = new QListWidgetItem(
            stateIcon(it->to),
            QStringLiteral("%1  %2 → %3  %4")
                .arg(it->at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                     stateLabel(it->from), stateLabel(it->to), why));
        m_ui->historyList->addItem(item);
    }
}

void WorkerDetails::showActions(const QList<ServiceAction> &actions)
{
    m_actions = actions;
    // The previous worker's controls go; never called from one of their clicks.
    qDeleteAll(m_ui->actionsBox->findChildren<QWidget *>(Qt::FindDirectChildrenOnly));
    m_ui->actionResult->clear();
    for (const ServiceAction &action : actions) {
        auto *row = new QWidget(m_ui->actionsBox);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        QSpinBox *count = nullptr;
        if (action.count) {
            count = new QSpinBox(row);
            count->setObjectName(QStringLiteral("actionCount_") + action.name);
            count->setRange(action.count->minimum, action.count->maximum);
            count->setValue(action.count->initial);
            layout->addWidget(count);
        }
        auto *button = new QPushButton(action.label, row);
        button->setObjectName(QStringLiteral("action_") + action.name);
        layout->addWidget(button);
        layout->addStretch();
        connect(button, &QPushButton::clicked, this,
                [this, name = action.name, count] { runAction(name, count ? count->value() : 0); });
        m_ui->actionsLayout->addWidget(row);
    }
    m_ui->actionsBox->setVisible(!actions.isEmpty());
}

void WorkerDetails::runAction(const QString &action, int count)
{
    // The answer shows only if the same worker is still shown when it comes.
    m_session.runAction(m_name, action, count,
                        CommandReply(this, [this, worker = m_name](const CommandResult &result) {
                            if (worker == m_name)
                                m_ui->actionResult->setText(result.message);
                        }));
}

} // namespace workhost
