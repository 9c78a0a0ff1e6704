#pragma once

#include <QStyledItemDelegate>

namespace workhost {

// Paints one cell of the log view: its text on one line, in its level's
// colour, elided on the right only when it cannot fit.
//
// Why not QStyledItemDelegate's own painting: it lays the text out with a
// QTextLayout and asks the model for eight roles per cell; under a log flood
// the view repaints every visible cell up to 40 times a second, and that was
// most of the window thread's time. This asks for two roles and shapes the
// text once (twice when it must elide).
//
// Owner: the view; lives on the GUI thread.
class LogRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogRowDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // The horizontal space left of and right of a cell's text.
    static int textMargin(const QWidget *widget);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace workhost
