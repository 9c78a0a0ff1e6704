#include "gui/workers/workertablemodel.h"

#include "gui/workers/statevisuals.h"

namespace workhost {

QVariant WorkerTableModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DecorationRole && role != Qt::ForegroundRole)
        return WorkerStatusModel::data(index, role);
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto state = ServiceState(WorkerStatusModel::data(index, StateRole).toInt());
    if (role == Qt::ForegroundRole && isStale())
        return QColor(Qt::gray);
    if (role == Qt::DecorationRole)
        return index.column() == StateColumn ? QVariant(stateIcon(state)) : QVariant();
    const bool failed = isFailure(state);
    if (index.column() == StateColumn || (index.column() == MessageColumn && failed))
        return stateColor(state);
    return {};
}

} // namespace workhost
