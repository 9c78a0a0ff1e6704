#pragma once

#include <QStyledItemDelegate>

namespace workhost {

// Paints a progress bar in the Progress column (WorkerTableModel::ProgressRole),
// nothing where a worker reports no progress. Owner: its view; GUI thread.
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace workhost
