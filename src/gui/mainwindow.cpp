#include "gui/mainwindow.h"
#include "ui_mainwindow.h"

#include "gui/demo/responsivenessdemo.h"
#include "gui/log/logpanel.h"
#include "gui/shutdown/shutdowndialog.h"
#include "gui/shutdown/stophostaction.h"
#include "gui/tray/trayicon.h"
#include "gui/windowsettings.h"
#include "gui/windowstatus.h"
#include "gui/workers/addworkerdialog.h"
#include "gui/workers/progressdelegate.h"
#include "gui/workers/sparklinedelegate.h"
#include "gui/workers/workerdetails.h"
#include "gui/workers/workereditcontrols.h"
#include "gui/workers/workertablemodel.h"
#include <workhost/config/workerregistry.h>
#include <workhost/runtime/applicationinfo.h>
#include <workhost/session/hostsession.h>
#include <workhost/session/logsubscription.h>

#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QStyle>

namespace workhost {

namespace {

// "1 entry", "3 entries": without a translation loaded, tr()'s %n has no plural.
QString entries(qsizetype count)
{
    return count == 1 ? MainWindow::tr("1 entry") : MainWindow::tr("%1 entries").arg(count);
}

} // namespace

MainWindow::MainWindow(HostSession &session, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_session(session)
    , m_table(new WorkerTableModel(session, this))
    , m_sorted(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    updateTitle();
    setWindowIcon(QIcon(QStringLiteral(":/icons/workhost.svg")));
    showWorkerTypes();

    m_details = new WorkerDetails(session, *m_table, m_ui->topSplitter);
    m_ui->topSplitter->addWidget(m_details);
    connect(m_details, &WorkerDetails::settingsChanged, this,
            [this](const QString &name) { selectWorkers({name}); });
    m_ui->topSplitter->setStretchFactor(0, 3);
    m_ui->topSplitter->setStretchFactor(1, 1);
    m_logPanel = new LogPanel(m_session.followLog(), m_session.configuration().logging.retention,
                              m_ui->mainSplitter);
    m_ui->mainSplitter->addWidget(m_logPanel);
    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);

    auto *demo = new ResponsivenessDemo(m_ui->tabs);
    m_ui->tabs->addTab(demo, demo->windowTitle());

    setUpWorkersView();
    setUpActions();
    m_status = new WindowStatus(m_session, *m_table, *m_logPanel, *statusBar(), this);
    m_tray = TrayIcon::createIfAvailable(m_session, *this);
    if (m_tray)
        connect(m_status, &WindowStatus::workersCounted, m_tray, &TrayIcon::showWorkerCounts);
    m_settings = std::make_unique<WindowSettings>(WindowSettings::Parts{
        this, m_ui->mainSplitter, m_ui->topSplitter, m_ui->workersView->header(), m_logPanel});
    m_settings->restore();

    connect(&m_session, &HostSession::hostStateChanged, this, &MainWindow::onHostState);
    connect(&m_session, &HostSession::workerStateChanged, this, &MainWindow::updateActions);
    connect(&m_session, &HostSession::connectionChanged, this, [this] {
        updateTitle(); // a remote session's description comes with the host's hello
        updateActions();
        m_status->update();
    });
    connect(&m_session, &HostSession::configurationChanged, this, &MainWindow::showWorkerTypes);
    updateActions();
    m_status->update();
}

MainWindow::~MainWindow() = default;

void MainWindow::showWorkerTypes()
{
    for (const WorkerConfig &worker : m_session.configuration().workers)
        m_table->setWorkerType(worker.name, worker.type);
}

void MainWindow::setUpWorkersView()
{
    m_sorted->setSourceModel(m_table);
    m_sorted->setSortRole(WorkerTableModel::SortRole);
    m_sorted->setDynamicSortFilter(true);
    QTreeView *view = m_ui->workersView;
    view->setModel(m_sorted);
    view->setItemDelegateForColumn(WorkerTableModel::ProgressColumn, new ProgressDelegate(view));
    view->setItemDelegateForColumn(WorkerTableModel::RateColumn, new SparklineDelegate(view));
    view->sortByColumn(-1, Qt::AscendingOrder); // registration order until the person sorts
    QHeaderView *header = view->header();
    header->setStretchLastSection(true);
    const QFontMetrics metrics = view->fontMetrics();
    const int widths[] = {14, 12, 13, 9, 7, 10, 17, 7}; // in average characters
    for (int column = 0; column < WorkerTableModel::MessageColumn; ++column)
        header->resizeSection(column, metrics.averageCharWidth() * widths[column] + 24);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSelectionChanged);
    connect(m_table, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
}

void MainWindow::setUpActions()
{
    QStyle *s = style();
    m_ui->actionStart->setIcon(s->standardIcon(QStyle::SP_MediaPlay));
    m_ui->actionStop->setIcon(s->standardIcon(QStyle::SP_MediaStop));
    m_ui->actionRestart->setIcon(s->standardIcon(QStyle::SP_BrowserReload));
    m_ui->actionStartAll->setIcon(s->standardIcon(QStyle::SP_MediaSeekForward));
    m_ui->actionStopAll->setIcon(s->standardIcon(QStyle::SP_MediaPause));
    m_ui->actionAddWorker->setIcon(s->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_ui->actionRemoveWorker->setIcon(s->standardIcon(QStyle::SP_TrashIcon));
    m_ui->actionSaveConfiguration->setIcon(s->standardIcon(QStyle::SP_DialogSaveButton));
    m_ui->actionQuit->setIcon(s->standardIcon(QStyle::SP_DialogCloseButton));

    connect(m_ui->actionStart, &QAction::triggered, this, &MainWindow::startSelected);
    connect(m_ui->actionStop, &QAction::triggered, this, &MainWindow::stopSelected);
    connect(m_ui->actionRestart, &QAction::triggered, this, &MainWindow::restartSelected);
    connect(m_ui->actionStartAll, &QAction::triggered, this, &MainWindow::startAll);
    connect(m_ui->actionStopAll, &QAction::triggered, this, &MainWindow::stopAll);
    connect(m_ui->actionAddWorker, &QAction::triggered, this, &MainWindow::addWorkerWithDialog);
    connect(m_ui->actionRemoveWorker, &QAction::triggered, this, &MainWindow::removeSelected);
    connect(m_ui->actionSaveConfiguration, &QAction::triggered, this,
            &MainWindow::saveConfigurationFromMenu);
    connect(m_ui->actionQuit, &QAction::triggered, this, &MainWindow::close);
    if (m_session.isAttached()) { // quitting leaves the host running: stopping it is its own action
        m_ui->fileMenu->insertAction(m_ui->actionQuit, new StopHostAction(m_session, *this));
    }
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);

    // The table's context menu offers the same actions.
    m_ui->workersView->addActions({m_ui->actionStart, m_ui->actionStop, m_ui->actionRestart});
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_ui->workersView->addActions({separator, m_ui->actionRemoveWorker});
}

QStringList MainWindow::selectedWorkers() const
{
    QStringList names;
    for (const QModelIndex &index : m_ui->workersView->selectionModel()->selectedRows())
        names << index.data(WorkerTableModel::NameRole).toString();
    return names;
}

void MainWindow::selectWorkers(const QStringList &names)
{
    QItemSelection selection;
    for (const QString &name : names) {
        const int row = m_table->rowOf(name);
        if (row < 0)
            continue;
        const QModelIndex index = m_sorted->mapFromSource(m_table->index(row, 0));
        selection.select(index, index.siblingAtColumn(WorkerTableModel::ColumnCount - 1));
    }
    m_ui->workersView->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void MainWindow::onSelectionChanged()
{
    const QStringList names = selectedWorkers();
    m_logPanel->setSelectedWorkers(QSet<QString>(names.cbegin(), names.cend()));
    WorkerConfig config;
    if (names.size() == 1) {
        for (const WorkerConfig &worker : m_session.configuration().workers) {
            if (worker.name == names.first())
                config = worker;
        }
    }
    m_details->showWorker(names.size() == 1 ? names.first() : QString(), config);
    updateActions();
}

void MainWindow::updateActions()
{
    bool canStart = false, canStop = false, canRemove = false;
    const QStringList names = selectedWorkers();
    for (const QString &name : names) {
        const std::optional<ServiceStatus> status = m_session.status(name);
        if (!status)
            continue;
        const ServiceState state = status->state;
        canStart |= !hasRunInProgressOrPending(state) && !status->threadAlive;
        canStop |= hasRunInProgressOrPending(state);
        canRemove |= canBeRemoved(state, status->threadAlive);
    }
    // A session not connected takes no command: every control waits for it.
    const bool hostUp =
        m_session.connection() == HostSession::Connection::Connected && m_session.hostIsUp();
    m_ui->actionStart->setEnabled(hostUp && canStart);
    m_ui->actionStop->setEnabled(hostUp && canStop);
    m_ui->actionRestart->setEnabled(hostUp && !names.isEmpty() && (canStart || canStop));
    m_ui->actionStartAll->setEnabled(hostUp && m_table->activeCount() < m_table->rowCount());
    m_ui->actionStopAll->setEnabled(hostUp && m_table->activeCount() > 0);
    const bool editable = WorkerEditControls::canEdit(m_session);
    m_ui->actionAddWorker->setEnabled(hostUp && editable);
    m_ui->actionRemoveWorker->setEnabled(hostUp && canRemove && editable);
    m_ui->actionSaveConfiguration->setEnabled(editable);
}

void MainWindow::onHostState(HostState state)
{
    updateActions();
    m_status->update();
    if (state != HostState::Stopped || m_session.isAttached()) // an attached window stays
        return;
    m_readyToClose = true;
    close(); // the tray icon has hidden itself
    // exit(), not quit(): Qt 6's quit() first asks every top-level window to
    // close and gives up if one refuses; a system tray icon's own XEmbed window
    // does, so with a tray the process never ended.
    QCoreApplication::exit(0);
}

void MainWindow::startSelected()
{
    for (const QString &name : selectedWorkers())
        m_session.startWorker(name);
}

void MainWindow::stopSelected()
{
    for (const QString &name : selectedWorkers())
        m_session.stopWorker(name);
}

void MainWindow::restartSelected()
{
    for (const QString &name : selectedWorkers())
        m_session.restartWorker(name);
}

void MainWindow::startAll()
{
    for (const QString &name : m_session.workerNames())
        m_session.startWorker(name);
}

void MainWindow::stopAll()
{
    const QStringList names = m_session.workerNames();
    for (auto it = names.crbegin(); it != names.crend(); ++it)
        m_session.stopWorker(*it);
}

void MainWindow::addWorker(const WorkerConfig &worker)
{
    m_session.addWorker(
        worker, CommandReply(this, [this, name = worker.name](const CommandResult &result) {
            if (result.ok()) {
                selectWorkers({name});
                return;
            }
            QMessageBox::warning(this, tr("Add worker"),
                                 tr("The worker could not be added: %1.").arg(result.message));
        }));
}

void MainWindow::addWorkerWithDialog()
{
    AddWorkerDialog dialog(m_session.workerTypes(),
                           m_session.workerNames() + m_session.configuration().keptWorkerNames(),
                           this);
    if (dialog.exec() == QDialog::Accepted)
        addWorker(dialog.workerConfig());
}

void MainWindow::removeSelected()
{
    // One message for all the workers refused, once every answer is in.
    const QStringList names = selectedWorkers();
    auto refused = std::make_shared<QStringList>();
    auto waiting = std::make_shared<qsizetype>(names.size());
    for (const QString &name : names) {
        m_session.removeWorker(
            name, CommandReply(this, [this, name, refused, waiting](const CommandResult &result) {
                if (!result.ok())
                    *refused << name;
                if (--*waiting > 0 || refused->isEmpty())
                    return;
                QMessageBox::information(
                    this, tr("Remove worker"),
                    tr("Stop these workers first: %1").arg(refused->join(QStringLiteral(", "))));
            }));
    }
}

void MainWindow::saveConfigurationFromMenu()
{
    m_session.saveConfiguration(CommandReply(this, [this](const CommandResult &result) {
        if (!result.ok()) {
            QMessageBox::warning(this, tr("Save configuration"), result.message);
            return;
        }
        QString message = result.message;
        if (const qsizetype kept = m_session.configuration().keptCount(); kept > 0)
            message += tr("; %1 kept as written (not validated)").arg(entries(kept));
        statusBar()->showMessage(message, 10000);
    }));
}

void MainWindow::showConfigurationIssues(const QString &source, const ConfigIssues &issues)
{
    if (issues.isEmpty()) {
        m_ui->issuesBanner->hide();
        return;
    }
    QStringList lines;
    for (const ConfigIssue &issue : issues)
        lines << QStringLiteral("%1: %2").arg(issue.isError() ? tr("error") : tr("warning"),
                                              issue.toString());
    QString text = tr("%1 has %2 problem(s); invalid workers were not started.")
                       .arg(source)
                       .arg(issues.size());
    if (const qsizetype kept = m_session.configuration().keptCount(); kept > 0)
        text += QLatin1Char(' ') + tr("%1 that did not validate %2 kept as written and saved back "
                                      "unchanged.")
                                       .arg(entries(kept), kept == 1 ? tr("is") : tr("are"));
    m_ui->issuesBanner->setText(text + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
    m_ui->issuesBanner->show();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About %1").arg(ApplicationInfo::name()),
                       tr("<h3>%1 %2</h3><p>%3.</p><p>Qt %4 · spdlog</p>")
                           .arg(ApplicationInfo::name(), ApplicationInfo::version(),
                                ApplicationInfo::description(), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_readyToClose || m_session.isAttached() || m_session.hostState() == HostState::Stopped ||
        m_session.hostState() == HostState::Created) {
        m_settings->save();
        event->accept();
        Q_EMIT closed();
        return;
    }
    event->ignore();
    beginShutdown();
}

void MainWindow::beginShutdown()
{
    if (m_shutdownDialog) { // a second close request: no second shutdown
        m_shutdownDialog->raise();
        m_shutdownDialog->activateWindow();
        return;
    }
    m_settings->save();
    m_shutdownDialog = new ShutdownDialog(m_session, this);
    connect(m_shutdownDialog, &ShutdownDialog::quitNowRequested, this,
            &MainWindow::quitNowRequested);
    m_session.stopHost();
    if (m_session.hostState() != HostState::Stopped)
        m_shutdownDialog->open();
}

void MainWindow::updateTitle()
{
    const QString attachedTo = m_session.description();
    setWindowTitle(attachedTo.isEmpty()
                       ? ApplicationInfo::name()
                       : QStringLiteral("%1 — %2").arg(ApplicationInfo::name(), attachedTo));
}

} // namespace workhost
