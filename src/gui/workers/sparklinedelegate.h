#pragma once

#include <QStyledItemDelegate>

namespace workhost {

// Paints a worker's rate over the last minute as a small line chart
// (WorkerTableModel::RateHistoryRole), left of the current rate as text.
// Owner: its view; GUI thread.
class SparklineDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace workhost
