#include <workhost/models/workerstatusmodel.h>

#include <workhost/hosting/itemsunit.h>
#include <workhost/models/statetext.h>
#include <workhost/session/hostsession.h>

#include <QDateTime>

#include <algorithm>

namespace workhost {

namespace {

QString durationText(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    if (seconds < 86400)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    return QStringLiteral("%1 d %2 h").arg(seconds / 86400).arg(seconds % 86400 / 3600);
}

} // namespace

WorkerStatusModel::WorkerStatusModel(HostSession &session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    for (const ServiceStatus &status : session.statuses())
        m_rows.append(Row{status, {}, status.itemsDone, status.cpuTime, 0, {}});
    indexRowsFrom(0);
    connect(&session, &HostSession::statusesChanged, this, &WorkerStatusModel::onStatuses);
    connect(&session, &HostSession::workerStateChanged, this, &WorkerStatusModel::onTransition);
    connect(&session, &HostSession::workerAdded, this, &WorkerStatusModel::onServiceAdded);
    connect(&session, &HostSession::workerRemoved, this, &WorkerStatusModel::onServiceRemoved);
    connect(&session, &HostSession::connectionChanged, this,
            &WorkerStatusModel::onConnectionChanged);
    m_sampler.setInterval(1000);
    connect(&m_sampler, &QTimer::timeout, this, &WorkerStatusModel::sample);
    m_sinceSample.start();
    updateSampling();
}

int WorkerStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WorkerStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *titles[] = {"Name",     "Type", "State", "Uptime", "Restarts",
                                   "Progress", "Rate", "CPU",   "Message"};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

QVariant WorkerStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ServiceStatus &s = row.status;
    switch (role) {
    case NameRole:
        return s.name;
    case StateRole:
        return int(s.state);
    case ProgressRole:
        return s.progress;
    case RateHistoryRole:
        return QVariant::fromValue(QList<double>(row.rates.cbegin(), row.rates.cend()));
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn || index.column() == StateColumn)
            return s.lastError.isEmpty() ? s.note : s.lastError;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RestartsColumn || index.column() == CpuColumn ||
            index.column() == UptimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool sort = role == SortRole;
    switch (index.column()) {
    case NameColumn:
        return s.name;
    case TypeColumn:
        return typeText(s);
    case StateColumn:
        return sort ? QVariant(int(s.state)) : QVariant(stateText(s.state, s.lastOutcome));
    case UptimeColumn: {
        const qint64 up = s.state == ServiceState::Running && s.startedAt.isValid()
                              ? s.startedAt.secsTo(QDateTime::currentDateTimeUtc())
                              : -1;
        return sort ? QVariant(up) : QVariant(up < 0 ? QStringLiteral("–") : durationText(up));
    }
    case RestartsColumn:
        return s.restartCount;
    case ProgressColumn:
        return sort ? QVariant(s.progress)
                    : QVariant(s.hasProgress() ? QString::number(s.progress) + '%' : QString());
    case RateColumn:
        return sort ? QVariant(rate(index.row()))
                    : QVariant(rateText(rate(index.row()), s.itemsUnit));
    case CpuColumn:
        return sort ? QVariant(row.cpuPercent)
                    : QVariant(QString::number(row.cpuPercent, 'f', 1) + '%');
    case MessageColumn:
        if (isFailure(s.state) && !s.lastError.isEmpty())
            return s.lastError;
        if (s.state == ServiceState::BackingOff)
            return tr("restarting in %1 s").arg(double(s.backoffDelay.count()) / 1000.0);
        return !s.note.isEmpty() ? s.note : s.progressText;
    }
    return {};
}

void WorkerStatusModel::setWorkerType(const QString &name, const QString &type)
{
    m_types.insert(name, type);
    if (const int row = rowOf(name); row >= 0)
        Q_EMIT dataChanged(index(row, TypeColumn), index(row, TypeColumn));
}

QString WorkerStatusModel::typeText(const ServiceStatus &status) const
{
    if (const QString type = m_types.value(status.name); !type.isEmpty())
        return type;
    const QString type = m_session.workerType(status.name);
    return type.isEmpty() ? enumName(status.kind) : type;
}

int WorkerStatusModel::rowOf(const QString &name) const
{
    return m_rowOfName.value(name, -1);
}

void WorkerStatusModel::indexRowsFrom(int first)
{
    for (int row = first; row < m_rows.size(); ++row)
        m_rowOfName.insert(m_rows[row].status.name, row);
}

QList<ServiceTransition> WorkerStatusModel::history(const QString &name) const
{
    const int row = rowOf(name);
    if (row < 0)
        return {};
    return QList<ServiceTransition>(m_rows[row].history.cbegin(), m_rows[row].history.cend());
}

double WorkerStatusModel::rate(int row) const
{
    const std::deque<double> &rates = m_rows.at(row).rates;
    return rates.empty() ? 0.0 : rates.back();
}

double WorkerStatusModel::totalRate() const
{
    double total = 0;
    for (int row = 0; row < m_rows.size(); ++row)
        total += rate(row);
    return total;
}

int WorkerStatusModel::activeCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &row) {
        return hasRunInProgressOrPending(row.status.state);
    }));
}

bool WorkerStatusModel::isStale() const
{
    return m_session.connection() != HostSession::Connection::Connected;
}

void WorkerStatusModel::onConnectionChanged()
{
    // Every cell looks different (greyed or not); the values themselves stay.
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void WorkerStatusModel::onStatuses(const QList<ServiceStatus> &statuses)
{
    // One dataChanged for the batch, over the rows it touched: views and
    // proxies do their work once, not once per worker.
    int first = static_cast<int>(m_rows.size());
    int last = -1;
    for (const ServiceStatus &status : statuses) {
        const int row = rowOf(status.name);
        if (row < 0)
            continue;
        m_rows[row].status = status;
        first = std::min(first, row);
        last = std::max(last, row);
    }
    if (last >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    updateSampling();
}

void WorkerStatusModel::onTransition(const ServiceTransition &transition)
{
    const int row = rowOf(transition.service);
    if (row < 0)
        return;
    std::deque<ServiceTransition> &history = m_rows[row].history;
    history.push_back(transition);
    while (history.size() > historyLimit)
        history.pop_front();
    // The state shows at once; the rest of the snapshot follows with the next batch.
    m_rows[row].status.state = transition.to;
    Q_EMIT dataChanged(index(row, StateColumn), index(row, StateColumn));
    Q_EMIT historyChanged(transition.service);
    updateSampling();
}

void WorkerStatusModel::onServiceAdded(const QString &name)
{
    const std::optional<ServiceStatus> status = m_session.status(name);
    if (!status)
        return;
    const int row = static_cast<int>(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{*status, {}, status->itemsDone, status->cpuTime, 0, {}});
    m_rowOfName.insert(name, row);
    endInsertRows();
}

void WorkerStatusModel::onServiceRemoved(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowOfName.remove(name);
    indexRowsFrom(row);
    endRemoveRows();
    m_types.remove(name);
}

void WorkerStatusModel::updateSampling()
{
    // Sample only while something moves: an idle window costs nothing.
    const bool anyActive = activeCount() > 0;
    if (anyActive && !m_sampler.isActive()) {
        m_sinceSample.restart();
        for (Row &row : m_rows) {
            row.itemsAtLastSample = row.status.itemsDone;
            row.cpuAtLastSample = row.status.cpuTime;
        }
        m_sampler.start();
    }
}

void WorkerStatusModel::sample()
{
    const double seconds = std::max(0.001, double(m_sinceSample.nsecsElapsed()) / 1e9);
    m_sinceSample.restart();
    for (Row &row : m_rows) {
        // CPU time moves without a status batch: read it fresh.
        if (const std::optional<ServiceStatus> fresh = m_session.status(row.status.name))
            row.status = *fresh;
        const qint64 items = row.status.itemsDone;
        row.rates.push_back(std::max<qint64>(0, items - row.itemsAtLastSample) / seconds);
        while (row.rates.size() > rateSamples)
            row.rates.pop_front();
        row.itemsAtLastSample = items;
        const auto cpu = row.status.cpuTime;
        row.cpuPercent =
            std::max(0.0, double((cpu - row.cpuAtLastSample).count()) / 1e9 / seconds * 100.0);
        row.cpuAtLastSample = cpu;
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    if (activeCount() == 0) {
        // One last sample shows the rates falling to zero, then rest.
        bool allZero = true;
        for (const Row &row : m_rows)
            allZero = allZero && (row.rates.empty() || row.rates.back() == 0);
        if (allZero)
            m_sampler.stop();
    }
}

} // namespace workhost
