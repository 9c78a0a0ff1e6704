#include "gui/windowstatus.h"

#include "gui/latencyprobe.h"
#include "gui/log/logpanel.h"
#include "gui/workers/workertablemodel.h"
#include <workhost/session/hostsession.h>

#include <QLabel>
#include <QStatusBar>
#include <QTimer>

namespace workhost {

WindowStatus::WindowStatus(const HostSession &session, const WorkerTableModel &table,
                           const LogPanel &log, QStatusBar &bar, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_table(table)
    , m_log(log)
    , m_latency(new LatencyProbe(std::chrono::milliseconds(100), this))
    , m_hostLabel(new QLabel(&bar))
    , m_workersLabel(new QLabel(&bar))
    , m_logRateLabel(new QLabel(&bar))
    , m_latencyLabel(new QLabel(&bar))
{
    m_latencyLabel->setToolTip(
        tr("How late the window's own event loop runs (worst of the last second)"));
    for (QLabel *label : {m_hostLabel, m_workersLabel, m_logRateLabel, m_latencyLabel})
        bar.addPermanentWidget(label);
    m_latency->start();
    auto *everySecond = new QTimer(this);
    connect(everySecond, &QTimer::timeout, this, &WindowStatus::update);
    everySecond->start(1000);
}

void WindowStatus::update()
{
    const int total = m_table.rowCount();
    int running = 0;
    for (int row = 0; row < total; ++row)
        running += m_table.status(row).state == ServiceState::Running ? 1 : 0;
    // Not connected: the host's last state would be a guess.
    const HostSession::Connection connection = m_session.connection();
    const QString state = connection == HostSession::Connection::Connected
                              ? enumName(m_session.hostState())
                              : enumName(connection).toLower();
    // An attached window says whose host it shows, there as in its title.
    const QString attachedTo = m_session.description();
    m_hostLabel->setText(attachedTo.isEmpty() ? tr("Host: %1").arg(state)
                                              : tr("Host: %1 (%2)").arg(state, attachedTo));
    m_workersLabel->setText(tr("%1 / %2 running").arg(running).arg(total));
    const quint64 received = m_log.receivedCount();
    m_logRateLabel->setText(tr("Log: %L1 lines/s").arg(received - m_lastLogCount));
    m_lastLogCount = received;
    const double worst = m_latency->worst();
    m_latencyLabel->setText(tr("UI latency: %1 ms").arg(worst, 0, 'f', 1));
    m_latencyLabel->setStyleSheet(worst > 16 ? QStringLiteral("color: #c03030;") : QString());
    m_latency->reset();
    Q_EMIT workersCounted(running, total);
}

} // namespace workhost
