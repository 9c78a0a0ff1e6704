#include "gui/log/logpanel.h"
#include "ui_logpanel.h"
#include <workhost/config/enumnames.h>
#include <workhost/hosting/hoststates.h>
#include <workhost/logging/loglevel.h>

#include "gui/log/logview.h"
#include <workhost/models/logmodel.h>
#include <workhost/session/logsubscription.h>

#include <QAction>
#include <QClipboard>
#include <QDateTime>
#include <QFileDialog>
#include <QGuiApplication>
#include <QMessageBox>
#include <QSaveFile>

namespace workhost {

namespace {

QString lineText(const LogRecord &record)
{
    return QStringLiteral("%1 [%2] [%3] %4")
        .arg(QDateTime::fromMSecsSinceEpoch(record.timeUsec / 1000).toString(Qt::ISODateWithMs),
             enumName(record.level).toLower(), record.service, record.message);
}

} // namespace

LogPanel::LogPanel(std::unique_ptr<LogSubscription> log, int retentionCap, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LogPanel>())
    , m_model(new LogModel(this))
    , m_log(std::move(log))
{
    m_ui->setupUi(this);
    m_model->setRetentionCap(retentionCap);
    m_ui->logView->setLogModel(m_model);
    for (LogLevel level : enumValues<LogLevel>()) {
        if (level != LogLevel::Off) // a filter level: "off" would show nothing
            m_ui->levelCombo->addItem(enumName(level), int(level));
    }
    m_ui->levelCombo->setCurrentIndex(0);

    connect(m_log.get(), &LogSubscription::batchReady, this, &LogPanel::onBatch);
    connect(m_model, &LogModel::countsChanged, this, &LogPanel::updateCounts);
    connect(m_ui->levelCombo, &QComboBox::currentIndexChanged, this, &LogPanel::applyFilter);
    connect(m_ui->filterEdit, &QLineEdit::textChanged, this, &LogPanel::applyFilter);
    connect(m_ui->regexCheck, &QCheckBox::toggled, this, &LogPanel::applyFilter);
    connect(m_ui->selectedOnlyButton, &QToolButton::toggled, this, &LogPanel::applyFilter);
    connect(m_ui->followButton, &QToolButton::toggled, m_ui->logView, &LogView::setFollowTail);
    connect(m_ui->logView, &LogView::followTailChanged, m_ui->followButton,
            &QToolButton::setChecked);
    connect(m_ui->pauseButton, &QToolButton::toggled, this, &LogPanel::setPaused);
    connect(m_ui->clearButton, &QToolButton::clicked, m_model, &LogModel::clear);
    connect(m_ui->copyButton, &QToolButton::clicked, this, &LogPanel::copySelection);
    connect(m_ui->saveButton, &QToolButton::clicked, this, &LogPanel::saveWithDialog);

    auto *copy = new QAction(tr("Copy"), m_ui->logView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &LogPanel::copySelection);
    m_ui->logView->addAction(copy);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, m_ui->filterEdit, [this] {
        m_ui->filterEdit->setFocus();
        m_ui->filterEdit->selectAll();
    });
    addAction(find);
    updateCounts();
}

LogPanel::~LogPanel() = default;

LogView *LogPanel::view() const
{
    return m_ui->logView;
}

void LogPanel::setSelectedWorkers(const QSet<QString> &workers)
{
    m_selectedWorkers = workers;
    if (m_ui->selectedOnlyButton->isChecked())
        applyFilter();
}

void LogPanel::setSelectedOnly(bool on)
{
    m_ui->selectedOnlyButton->setChecked(on);
}

void LogPanel::setPaused(bool paused)
{
    m_ui->pauseButton->setChecked(paused);
    m_ui->pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    if (paused || m_held.empty())
        return;
    LogRecords held;
    held.swap(m_held);
    m_heldBytes = 0;
    m_model->append(held, std::exchange(m_heldDropped, 0));
}

bool LogPanel::isPaused() const
{
    return m_ui->pauseButton->isChecked();
}

void LogPanel::onBatch(const LogRecords &records, quint64 droppedBefore)
{
    m_received += records.size();
    if (!isPaused()) {
        m_model->append(records, droppedBefore);
        return;
    }
    // Held back while paused, within the same caps the model keeps (lines
    // and bytes), the oldest dropped first.
    m_held.insert(m_held.end(), records.begin(), records.end());
    m_heldDropped += droppedBefore;
    for (const LogRecord &record : records)
        m_heldBytes += heldBytes(record);
    const size_t cap = static_cast<size_t>(m_model->retentionCap());
    size_t excess = 0;
    while (excess < m_held.size() &&
           (m_held.size() - excess > cap || m_heldBytes > m_model->retentionBytes()))
        m_heldBytes -= heldBytes(m_held[excess++]);
    if (excess > 0) {
        m_held.erase(m_held.begin(), m_held.begin() + static_cast<std::ptrdiff_t>(excess));
        m_heldDropped += excess;
    }
    updateCounts();
}

void LogPanel::applyFilter()
{
    LogFilter filter;
    filter.minimumLevel = LogLevel(m_ui->levelCombo->currentData().toInt());
    filter.text = m_ui->filterEdit->text();
    filter.regularExpression = m_ui->regexCheck->isChecked();
    if (m_ui->selectedOnlyButton->isChecked()) {
        filter.services = m_selectedWorkers;
        if (filter.services.isEmpty())
            filter.services.insert(QString()); // nothing selected: show nothing, say so below
    }
    m_model->setFilter(filter);
    const QString error = m_model->filter().error();
    m_ui->filterEdit->setToolTip(error.isEmpty() ? QString()
                                                 : tr("Invalid regular expression: %1").arg(error));
    m_ui->filterEdit->setStyleSheet(
        error.isEmpty() ? QString() : QStringLiteral("QLineEdit { color: #c03030; }"));
    m_ui->logView->setFollowTail(m_ui->followButton->isChecked());
}

void LogPanel::updateCounts()
{
    QString text = tr("%L1 shown · %L2 retained · %L3 dropped")
                       .arg(m_model->shownCount())
                       .arg(m_model->retainedCount())
                       .arg(m_model->droppedCount());
    if (isPaused())
        text += tr(" · paused, %L1 held back").arg(m_held.size());
    if (const QString error = m_model->filter().error(); !error.isEmpty())
        text += tr(" · invalid regular expression: %1").arg(error);
    m_ui->countsLabel->setText(text);
}

QString LogPanel::selectedLinesText() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_ui->logView->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const int row : rows)
        lines << lineText(m_model->record(row));
    return lines.join(QLatin1Char('\n'));
}

void LogPanel::copySelection()
{
    const QString text = selectedLinesText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QString LogPanel::saveShownLines(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return tr("%1: cannot write: %2").arg(path, file.errorString());
    for (int row = 0; row < m_model->rowCount(); ++row)
        file.write(lineText(m_model->record(row)).toUtf8() + '\n');
    if (!file.commit())
        return tr("%1: cannot save: %2").arg(path, file.errorString());
    return {};
}

void LogPanel::saveWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the shown lines"),
                                                      QStringLiteral("workhost.log"),
                                                      tr("Log files (*.log *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = saveShownLines(path); !error.isEmpty())
        QMessageBox::warning(this, tr("Save failed"), error);
}

void LogPanel::restoreFilter(int minimumLevel, const QString &text, bool regex)
{
    const int index = m_ui->levelCombo->findData(minimumLevel);
    m_ui->levelCombo->setCurrentIndex(std::max(0, index));
    m_ui->regexCheck->setChecked(regex);
    m_ui->filterEdit->setText(text);
    applyFilter();
}

int LogPanel::minimumLevel() const
{
    return m_ui->levelCombo->currentData().toInt();
}

QString LogPanel::filterText() const
{
    return m_ui->filterEdit->text();
}

bool LogPanel::filterIsRegex() const
{
    return m_ui->regexCheck->isChecked();
}

} // namespace workhost
