#include <workhost/hosting/hoststates.h>
#include <workhost/logging/loglevel.h>
#include <workhost/models/logmodel.h>

#include <workhost/logging/clocktime.h>

namespace workhost {

namespace {

// The level column's text, made once: it is asked for on every repaint.
const QString &levelName(LogLevel level)
{
    static const QString names[] = {enumName(LogLevel::Trace), enumName(LogLevel::Debug),
                                    enumName(LogLevel::Info),  enumName(LogLevel::Warning),
                                    enumName(LogLevel::Error), enumName(LogLevel::Critical),
                                    enumName(LogLevel::Off)};
    const auto slot = static_cast<size_t>(level);
    static const QString unknown;
    return slot < std::size(names) ? names[slot] : unknown;
}

} // namespace

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_shown.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const LogRecord &LogModel::record(int row) const
{
    return at(m_shown[static_cast<size_t>(row)]);
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogRecord &line = record(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return formatClockTime(line.timeUsec);
        case LevelColumn:
            return levelName(line.level);
        case ServiceColumn:
            return line.service;
        case MessageColumn:
            return line.message;
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == MessageColumn ? QVariant(line.message) : QVariant();
    case LevelRole:
        return static_cast<int>(line.level);
    case SequenceRole:
        return QVariant::fromValue(line.sequence);
    case TimeRole:
        return QVariant::fromValue(line.timeUsec);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case ServiceColumn:
        return tr("Service");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

void LogModel::append(const LogRecords &records, quint64 droppedBefore)
{
    m_droppedUpstream += droppedBefore;
    size_t incomingBytes = 0;
    for (const LogRecord &record : records)
        incomingBytes += heldBytes(record);
    // Make room first: one removal and one insertion per batch, so the view
    // lays out once, not once more for a trim after the insertion.
    trimToCap(records.size(), incomingBytes);
    const quint64 first = m_base + m_records.size();
    std::vector<quint64> matched;
    for (size_t i = 0; i < records.size(); ++i) {
        if (m_filter.matches(records[i]))
            matched.push_back(first + i);
    }
    m_records.insert(m_records.end(), records.begin(), records.end());
    m_bytes += incomingBytes;
    if (!matched.empty()) {
        const int row = rowCount();
        beginInsertRows({}, row, row + static_cast<int>(matched.size()) - 1);
        m_shown.insert(m_shown.end(), matched.begin(), matched.end());
        endInsertRows();
    }
    trimToCap(0); // only a batch larger than the cap itself leaves anything to trim
    Q_EMIT countsChanged();
}

void LogModel::trimToCap(size_t incoming, size_t incomingBytes)
{
    const size_t cap = static_cast<size_t>(m_cap);
    const bool overLines = m_records.size() + incoming > cap;
    const bool overBytes = m_bytes + incomingBytes > m_byteCap;
    if ((!overLines && !overBytes) || m_records.empty())
        return;
    // Drop down to each cap that is exceeded less one chunk, a tenth of it
    // (counting what is about to come), so that the next drop is a while away.
    size_t drop = 0;
    if (overLines) {
        const size_t chunk = std::max<size_t>(1, cap / 10);
        const size_t keep = cap > chunk ? cap - chunk : 0;
        drop = std::min(m_records.size(), m_records.size() + incoming - keep);
    }
    const size_t keepBytes = overBytes ? m_byteCap - m_byteCap / 10 : m_byteCap;
    size_t bytes = m_bytes + incomingBytes;
    size_t dropped = 0;
    while (dropped < m_records.size() && (dropped < drop || bytes > keepBytes))
        bytes -= heldBytes(m_records[dropped++]);
    drop = dropped; // > 0 here
    const quint64 newBase = m_base + drop;

    size_t shownDropped = 0;
    while (shownDropped < m_shown.size() && m_shown[shownDropped] < newBase)
        ++shownDropped;
    if (shownDropped > 0) {
        beginRemoveRows({}, 0, static_cast<int>(shownDropped) - 1);
        m_shown.erase(m_shown.begin(), m_shown.begin() + static_cast<std::ptrdiff_t>(shownDropped));
    }
    m_records.erase(m_records.begin(), m_records.begin() + static_cast<std::ptrdiff_t>(drop));
    m_bytes = bytes - incomingBytes;
    m_base = newBase;
    m_droppedByCap += drop;
    if (shownDropped > 0)
        endRemoveRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_base += m_records.size();
    m_records.clear();
    m_bytes = 0;
    m_shown.clear();
    endResetModel();
    Q_EMIT countsChanged();
}

void LogModel::setRetentionCap(int cap)
{
    m_cap = std::max(1, cap);
    trimToCap();
    Q_EMIT countsChanged();
}

void LogModel::setRetentionBytes(size_t bytes)
{
    m_byteCap = bytes;
    trimToCap();
    Q_EMIT countsChanged();
}

void LogModel::setFilter(LogFilter filter)
{
    filter.prepare();
    beginResetModel();
    m_filter = std::move(filter);
    m_shown.clear();
    for (size_t i = 0; i < m_records.size(); ++i) {
        if (m_filter.matches(m_records[i]))
            m_shown.push_back(m_base + i);
    }
    endResetModel();
    Q_EMIT countsChanged();
}

} // namespace workhost
