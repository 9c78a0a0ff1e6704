#include "gui/shutdown/shutdowndialog.h"
#include "ui_shutdowndialog.h"
#include <workhost/logging/loglevel.h>

#include "gui/log/loglevelcolors.h"
#include <workhost/hosting/shutdownprogress.h>
#include <workhost/session/hostsession.h>

#include <QHeaderView>
#include <QProgressBar>
#include <QStyle>
#include <QTreeWidgetItem>

#include <algorithm>
#include <chrono>

using namespace std::chrono_literals;

namespace workhost {

namespace {

enum Column { WorkerColumn, StateColumn, ElapsedColumn };

// How one worker's row reads for a person.
struct RowLook
{
    QString state;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QColor color; // invalid: the palette's text colour
    bool showsElapsed = true;
};

RowLook lookOf(const ShutdownProgress::Entry &entry)
{
    switch (entry.state) {
    case ServiceState::Starting:
    case ServiceState::Running:
        // Sequential stop: still running, its turn has not come yet.
        if (!entry.stopRequested)
            return {ShutdownDialog::tr("Waiting"), QStyle::SP_MediaPause, {}, false};
        [[fallthrough]];
    case ServiceState::Stopping:
        // Sequential stop: past its share, the next ones were asked meanwhile.
        if (entry.overran)
            return {ShutdownDialog::tr("Still stopping"), QStyle::SP_MessageBoxWarning,
                    colorForLevel(LogLevel::Warning), true};
        return {ShutdownDialog::tr("Stopping"), QStyle::SP_BrowserReload, {}, true};
    case ServiceState::Stopped:
        return {ShutdownDialog::tr("Stopped"), QStyle::SP_DialogApplyButton, {}, true};
    case ServiceState::TimedOut:
        return {ShutdownDialog::tr("Timed out"), QStyle::SP_MessageBoxWarning,
                colorForLevel(LogLevel::Warning), true};
    case ServiceState::Faulted:
        return {ShutdownDialog::tr("Faulted"), QStyle::SP_MessageBoxCritical,
                colorForLevel(LogLevel::Error), true};
    case ServiceState::BackingOff:
    case ServiceState::GaveUp:
        break;
    }
    return {enumName(entry.state), QStyle::SP_MessageBoxInformation, {}, true};
}

QString seconds(std::chrono::milliseconds duration)
{
    return ShutdownDialog::tr("%1 s").arg(static_cast<double>(duration.count()) / 1000.0, 0, 'f',
                                          1);
}

QString headline(const ShutdownProgress &progress, bool stopped)
{
    if (stopped) {
        const auto timedOut =
            std::count_if(progress.entries.cbegin(), progress.entries.cend(),
                          [](const auto &entry) { return entry.state == ServiceState::TimedOut; });
        return timedOut == 0 ? ShutdownDialog::tr("All workers stopped")
                             : ShutdownDialog::tr("Stopped; %1 timed out").arg(timedOut);
    }
    switch (progress.entries.size()) {
    case 0:
        return ShutdownDialog::tr("Stopping workers…");
    case 1:
        return ShutdownDialog::tr("Stopping 1 worker…");
    default:
        return ShutdownDialog::tr("Stopping %1 workers…").arg(progress.entries.size());
    }
}

} // namespace

ShutdownDialog::ShutdownDialog(HostSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_ui(std::make_unique<Ui::ShutdownDialog>())
    , m_attached(session.isAttached())
{
    m_ui->setupUi(this);
    QHeaderView *header = m_ui->workerTree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(WorkerColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(StateColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ElapsedColumn, QHeaderView::ResizeToContents);

    m_refreshTimer.setInterval(100ms);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ShutdownDialog::refresh);
    connect(&session, &HostSession::shutdownProgressChanged, this, &ShutdownDialog::showProgress);
    connect(&session, &HostSession::hostStateChanged, this, &ShutdownDialog::onHostStateChanged);
    // A session destroyed before the dialog must not be polled afterwards.
    connect(&session, &QObject::destroyed, &m_refreshTimer, &QTimer::stop);
    if (m_attached) { // nothing to quit here: the window stays, the host goes on stopping
        m_ui->quitNowButton->setText(tr("&Close"));
        m_ui->quitNowButton->setToolTip(tr("Close this dialog; the host goes on stopping"));
        connect(m_ui->quitNowButton, &QPushButton::clicked, this, &QDialog::close);
    } else {
        connect(m_ui->quitNowButton, &QPushButton::clicked, this,
                &ShutdownDialog::quitNowRequested);
    }

    refresh();
    if (session.hostState() == HostState::Stopping)
        m_refreshTimer.start();
    else if (session.hostState() == HostState::Stopped) // nobody could receive it from here
        QMetaObject::invokeMethod(this, &ShutdownDialog::complete, Qt::QueuedConnection);
}

ShutdownDialog::~ShutdownDialog() = default;

void ShutdownDialog::reject()
{
    if (m_complete || m_attached)
        QDialog::reject();
}

void ShutdownDialog::onHostStateChanged(HostState state)
{
    if (state == HostState::Stopping) {
        m_refreshTimer.start();
    } else if (state == HostState::Stopped) {
        refresh(); // the last report came before the state changed
        complete();
    }
}

void ShutdownDialog::complete()
{
    if (m_complete)
        return;
    m_complete = true;
    m_refreshTimer.stop();
    Q_EMIT shutdownComplete();
}

void ShutdownDialog::refresh()
{
    showProgress(m_session.shutdownProgress());
}

void ShutdownDialog::showProgress(const ShutdownProgress &progress)
{
    showRows(progress);
    showSummary(progress);
}

void ShutdownDialog::showRows(const ShutdownProgress &progress)
{
    // The entries are fixed once stop() began: rows are made once, then updated.
    QTreeWidget *tree = m_ui->workerTree;
    if (tree->topLevelItemCount() != progress.entries.size()) {
        tree->clear();
        for (const ShutdownProgress::Entry &entry : progress.entries) {
            auto *item = new QTreeWidgetItem(tree, {entry.service});
            item->setTextAlignment(ElapsedColumn, Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    for (int row = 0; row < tree->topLevelItemCount(); ++row) {
        const ShutdownProgress::Entry &entry = progress.entries.at(row);
        QTreeWidgetItem *item = tree->topLevelItem(row);
        const RowLook look = lookOf(entry);
        item->setText(ElapsedColumn, look.showsElapsed ? seconds(entry.elapsed) : QString());
        if (item->text(StateColumn) == look.state)
            continue;
        item->setText(StateColumn, look.state);
        item->setIcon(StateColumn, style()->standardIcon(look.icon));
        item->setForeground(StateColumn, look.color.isValid() ? QBrush(look.color) : QBrush());
    }
}

void ShutdownDialog::showSummary(const ShutdownProgress &progress)
{
    const bool stopped = m_session.hostState() == HostState::Stopped;
    const auto total = static_cast<int>(progress.entries.size());
    m_ui->headlineLabel->setText(headline(progress, stopped));

    // The text is Qt's %v and %m of the value painted, never a text of its
    // own: QProgressBar::setValue() repaints at once, so a separate text set
    // after it was painted one report late ("4 of 5 finished" on a full bar),
    // and stayed so when the window did not paint again before the process left.
    QProgressBar *bar = m_ui->overallBar;
    if (total == 0) { // nothing to stop is a finished stop, not an empty bar
        bar->setFormat(tr("0 of 0 finished"));
        bar->setRange(0, 1);
        bar->setValue(stopped ? 1 : 0);
    } else {
        bar->setFormat(tr("%v of %m finished"));
        bar->setRange(0, total);
        bar->setValue(progress.finishedCount());
    }

    if (stopped)
        m_ui->countdownLabel->setText(tr("Took %1").arg(seconds(progress.elapsed)));
    else if (m_session.hostState() == HostState::Stopping)
        m_ui->countdownLabel->setText(tr("Deadline in %1").arg(seconds(progress.remaining)));
}

} // namespace workhost
