#include "gui/mainwindow.h"
#include "ui_mainwindow.h"

#include "gui/demo/responsivenessdemo.h"
#include "gui/log/logpanel.h"
#include "gui/shutdown/shutdowndialog.h"
#include "gui/tray/trayicon.h"
#include "gui/windowsettings.h"
#include "gui/windowstatus.h"
#include "gui/workers/addworkerdialog.h"
#include "gui/workers/progressdelegate.h"
#include "gui/workers/sparklinedelegate.h"
#include "gui/workers/workerdetails.h"
#include "gui/workers/workertablemodel.h"
#include <workhost/config/configurationdocument.h>
#include <workhost/config/workerregistry.h>
#include <workhost/hosting/host.h>
#include <workhost/runtime/applicationinfo.h>
#include <workhost/runtime/hostassembly.h>

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

MainWindow::MainWindow(Host &host, const WorkerRegistry &registry, ConfigurationDocument &document,
                       std::shared_ptr<LiveLogSink> logSink, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_host(host)
    , m_registry(registry)
    , m_document(document)
    , m_table(new WorkerTableModel(host, this))
    , m_sorted(new QSortFilterProxyModel(this))
{
    m_ui->setupUi(this);
    setWindowTitle(ApplicationInfo::name());
    setWindowIcon(QIcon(QStringLiteral(":/icons/workhost.svg")));
    for (const WorkerConfig &worker : m_document.configuration().workers)
        m_table->setWorkerType(worker.name, worker.type);

    m_details = new WorkerDetails(host, *m_table, m_ui->topSplitter);
    m_ui->topSplitter->addWidget(m_details);
    m_ui->topSplitter->setStretchFactor(0, 3);
    m_ui->topSplitter->setStretchFactor(1, 1);
    m_logPanel = new LogPanel(std::move(logSink), m_document.configuration().logging.retention,
                              m_ui->mainSplitter);
    m_ui->mainSplitter->addWidget(m_logPanel);
    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);

    auto *demo = new ResponsivenessDemo(m_ui->tabs);
    m_ui->tabs->addTab(demo, demo->windowTitle());

    setUpWorkersView();
    setUpActions();
    m_status = new WindowStatus(m_host, *m_table, *m_logPanel, *statusBar(), this);
    m_tray = TrayIcon::createIfAvailable(m_host, *this);
    if (m_tray)
        connect(m_status, &WindowStatus::workersCounted, m_tray, &TrayIcon::showWorkerCounts);
    m_settings = std::make_unique<WindowSettings>(WindowSettings::Parts{
        this, m_ui->mainSplitter, m_ui->topSplitter, m_ui->workersView->header(), m_logPanel});
    m_settings->restore();

    connect(&m_host, &Host::stateChanged, this, &MainWindow::onHostState);
    connect(&m_host, &Host::serviceStateChanged, this, &MainWindow::updateActions);
    updateActions();
    m_status->update();
}

MainWindow::~MainWindow() = default;

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
    const int widths[] = {14, 12, 11, 9, 7, 10, 14, 7};
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
        for (const WorkerConfig &worker : m_document.configuration().workers) {
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
        const std::optional<ServiceStatus> status = m_host.status(name);
        if (!status)
            continue;
        const ServiceState state = status->state;
        canStart |= !hasRunInProgressOrPending(state) && !status->threadAlive;
        canStop |= hasRunInProgressOrPending(state);
        canRemove |= canBeRemoved(state, status->threadAlive);
    }
    const bool hostUp =
        m_host.state() == HostState::Starting || m_host.state() == HostState::Running;
    m_ui->actionStart->setEnabled(hostUp && canStart);
    m_ui->actionStop->setEnabled(hostUp && canStop);
    m_ui->actionRestart->setEnabled(hostUp && !names.isEmpty() && (canStart || canStop));
    m_ui->actionStartAll->setEnabled(hostUp && m_table->activeCount() < m_table->rowCount());
    m_ui->actionStopAll->setEnabled(hostUp && m_table->activeCount() > 0);
    m_ui->actionAddWorker->setEnabled(hostUp);
    m_ui->actionRemoveWorker->setEnabled(hostUp && canRemove);
}

void MainWindow::onHostState(HostState state)
{
    updateActions();
    m_status->update();
    if (state != HostState::Stopped)
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
        m_host.startService(name);
}

void MainWindow::stopSelected()
{
    for (const QString &name : selectedWorkers())
        m_host.stopService(name);
}

void MainWindow::restartSelected()
{
    for (const QString &name : selectedWorkers())
        m_host.restartService(name);
}

void MainWindow::startAll()
{
    for (const QString &name : m_host.serviceNames())
        m_host.startService(name);
}

void MainWindow::stopAll()
{
    const QStringList names = m_host.serviceNames();
    for (auto it = names.crbegin(); it != names.crend(); ++it)
        m_host.stopService(*it);
}

AddServiceResult<Service> MainWindow::addWorker(const WorkerConfig &worker)
{
    AddServiceResult<Service> added = workhost::addWorker(m_host, worker, m_registry);
    if (!added)
        return added;
    m_document.addWorker(worker);
    m_table->setWorkerType(worker.name, worker.type);
    selectWorkers({worker.name});
    return added;
}

void MainWindow::addWorkerWithDialog()
{
    AddWorkerDialog dialog(
        m_registry, m_host.serviceNames() + m_document.configuration().keptWorkerNames(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AddServiceResult<Service> added = addWorker(dialog.workerConfig());
    if (!added) {
        QMessageBox::warning(this, tr("Add worker"),
                             tr("The worker could not be added: %1.").arg(added.message()));
    }
}

void MainWindow::removeSelected()
{
    QStringList refused;
    for (const QString &name : selectedWorkers()) {
        if (!m_host.removeService(name)) {
            refused << name;
            continue;
        }
        m_document.removeWorker(name);
    }
    if (!refused.isEmpty())
        QMessageBox::information(
            this, tr("Remove worker"),
            tr("Stop these workers first: %1").arg(refused.join(QStringLiteral(", "))));
}

void MainWindow::saveConfigurationFromMenu()
{
    const QString error = m_document.save();
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Save configuration"), error);
        return;
    }
    QString message = tr("Configuration saved to %1").arg(m_document.path());
    if (const qsizetype kept = m_document.configuration().keptCount(); kept > 0)
        message += tr("; %1 kept as written (not validated)").arg(entries(kept));
    statusBar()->showMessage(message, 10000);
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
    if (const qsizetype kept = m_document.configuration().keptCount(); kept > 0)
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
    if (m_readyToClose || m_host.state() == HostState::Stopped ||
        m_host.state() == HostState::Created) {
        m_settings->save();
        event->accept();
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
    m_shutdownDialog = new ShutdownDialog(m_host, this);
    connect(m_shutdownDialog, &ShutdownDialog::quitNowRequested, this,
            &MainWindow::quitNowRequested);
    m_host.stop();
    if (m_host.state() != HostState::Stopped)
        m_shutdownDialog->open();
}

} // namespace workhost
