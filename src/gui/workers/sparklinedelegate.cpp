#include "gui/workers/sparklinedelegate.h"

#include "gui/workers/workertablemodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace workhost {

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    // A rate wider than its column ("20.1M numbers/s") ends in "…" rather
    // than losing its first digits to the cell's left edge.
    const QRect textRect = option.rect.adjusted(4, 0, -4, 0);
    const QString text =
        option.fontMetrics.elidedText(item.text, Qt::ElideRight, std::max(0, textRect.width()));
    item.text.clear();
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, option.widget);

    const QList<double> rates =
        index.data(WorkerTableModel::RateHistoryRole).value<QList<double>>();
    // The line keeps to the left of the text, so that it never crosses it.
    const int textWidth = option.fontMetrics.horizontalAdvance(text);
    const QRectF area = QRectF(option.rect).adjusted(3, 4, -(4 + textWidth + 6), -4);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (rates.size() >= 2 && area.width() >= 16) {
        const double peak = std::max(1.0, *std::max_element(rates.cbegin(), rates.cend()));
        // The last minute spans the width; fewer samples start from the right.
        const double step = area.width() / (WorkerTableModel::rateSamples - 1);
        QPainterPath line;
        for (qsizetype i = 0; i < rates.size(); ++i) {
            const double x = area.right() - double(rates.size() - 1 - i) * step;
            const double y = area.bottom() - rates[i] / peak * area.height();
            i == 0 ? line.moveTo(x, y) : line.lineTo(x, y);
        }
        QColor color = option.palette.color(QPalette::Highlight);
        QPainterPath fill = line;
        fill.lineTo(area.right(), area.bottom());
        fill.lineTo(area.right() - double(rates.size() - 1) * step, area.bottom());
        fill.closeSubpath();
        color.setAlpha(50);
        painter->fillPath(fill, color);
        color.setAlpha(255);
        painter->setPen(QPen(color, 1.5));
        painter->drawPath(line);
    }
    painter->setPen(option.palette.color(
        option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(option.font); // the font its width was measured in
    painter->drawText(textRect, Qt::AlignRight | Qt::AlignVCenter, text);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 120));
    return size;
}

} // namespace workhost
