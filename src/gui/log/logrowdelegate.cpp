#include "gui/log/logrowdelegate.h"
#include <workhost/logging/loglevel.h>

#include "gui/log/loglevelcolors.h"
#include <workhost/models/logmodel.h>

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace workhost {

namespace {

QPalette::ColorGroup colorGroup(const QStyleOptionViewItem &option)
{
    if (!(option.state & QStyle::State_Enabled))
        return QPalette::Disabled;
    return (option.state & QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
}

// True when `text` surely fits in `width` without measuring it: every
// character is at most maxWidth wide. Saves a second shaping pass for the
// usual line, which is shorter than its column.
bool surelyFits(const QString &text, const QFontMetrics &metrics, int width)
{
    return qint64(text.size()) * metrics.maxWidth() <= width;
}

} // namespace

int LogRowDelegate::textMargin(const QWidget *widget)
{
    const QStyle *style = widget ? widget->style() : QApplication::style();
    return style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
}

void LogRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    const QPalette::ColorGroup group = colorGroup(option);
    const bool selected = option.state & QStyle::State_Selected;
    if (selected)
        painter->fillRect(option.rect, option.palette.brush(group, QPalette::Highlight));

    QColor color;
    if (selected)
        color = option.palette.color(group, QPalette::HighlightedText);
    else
        color = colorForLevel(LogLevel(index.data(LogModel::LevelRole).toInt()));
    if (!color.isValid())
        color = option.palette.color(group, QPalette::Text);

    const int margin = textMargin(option.widget);
    const QRect textRect = option.rect.adjusted(margin, 0, -margin, 0);
    if (textRect.width() > 0) {
        QString text = index.data(Qt::DisplayRole).toString();
        const QFontMetrics &metrics = option.fontMetrics;
        if (!surelyFits(text, metrics, textRect.width()))
            text = metrics.elidedText(text, Qt::ElideRight, textRect.width());
        const int baseline =
            textRect.top() + (textRect.height() - metrics.height()) / 2 + metrics.ascent();
        painter->setPen(color);
        painter->drawText(QPoint(textRect.left(), baseline), text);
    }

    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.rect = option.rect;
        focus.backgroundColor =
            option.palette.color(group, selected ? QPalette::Highlight : QPalette::Window);
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
}

QSize LogRowDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString text = index.data(Qt::DisplayRole).toString();
    return {option.fontMetrics.horizontalAdvance(text) + 2 * textMargin(option.widget),
            option.fontMetrics.height() + 4};
}

} // namespace workhost
