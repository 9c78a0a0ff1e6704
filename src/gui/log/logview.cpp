#include "gui/log/logview.h"

#include "gui/log/logrowdelegate.h"
#include <workhost/models/logmodel.h>

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>

#include <algorithm>

namespace workhost {

LogView::LogView(QWidget *parent)
    : QTableView(parent)
{
    setShowGrid(false);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setItemDelegate(new LogRowDelegate(this));

    // Rows are all one line high and never resized: the vertical header only
    // keeps their positions, so it is hidden and fixed.
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    applyRowHeight();
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &LogView::onScrolled);
}

void LogView::setLogModel(LogModel *model)
{
    setModel(model);
    QHeaderView *columns = horizontalHeader();
    columns->setStretchLastSection(true);
    const int padding = 2 * LogRowDelegate::textMargin(this) + 8;
    columns->resizeSection(LogModel::TimeColumn,
                           fontMetrics().horizontalAdvance("00:00:00.000") + padding);
    columns->resizeSection(LogModel::LevelColumn,
                           fontMetrics().horizontalAdvance("Critical") + padding);
    columns->resizeSection(LogModel::ServiceColumn,
                           fontMetrics().horizontalAdvance("file-hasher-00") + padding);
    connect(model, &QAbstractItemModel::rowsInserted, this, &LogView::onRowsInserted);
    connect(model, &QAbstractItemModel::modelReset, this, &LogView::onRowsInserted);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &LogView::onRowsRemoved);
}

void LogView::setFollowTail(bool follow)
{
    if (m_followTail != follow) {
        m_followTail = follow;
        Q_EMIT followTailChanged(follow);
    }
    if (follow)
        onRowsInserted();
}

void LogView::changeEvent(QEvent *event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        applyRowHeight();
}

void LogView::applyRowHeight()
{
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
}

void LogView::onRowsInserted()
{
    if (!m_followTail)
        return;
    m_scrollingItself = true;
    scrollToBottom();
    m_scrollingItself = false;
}

void LogView::rowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (!parent.isValid()) {
        // Rows go from the top when the cap drops old lines. The scroll position
        // counts from the first row, so without a correction the view would jump
        // ahead by as many rows as went away above what it shows. And if the
        // current line is among them, the selection model moves it to the next
        // one, which scrolls the view there: so the place to come back to is
        // taken now, and every scroll until the removal is over is ours.
        const int top = std::max(0, rowAt(0));
        const bool topRemoved = top >= first && top <= last;
        m_topAfterRemoval = top < first ? top : topRemoved ? first : top - (last - first + 1);
        m_pixelsIntoTopRow = topRemoved ? 0 : std::max(0, -rowViewportPosition(top));
        m_scrollingItself = true;
    }
    QTableView::rowsAboutToBeRemoved(parent, first, last);
}

void LogView::onRowsRemoved()
{
    if (m_topAfterRemoval < 0)
        return;
    if (m_followTail) {
        scrollToBottom();
    } else {
        const int value =
            verticalScrollMode() == ScrollPerItem
                ? m_topAfterRemoval
                : m_topAfterRemoval * verticalHeader()->defaultSectionSize() + m_pixelsIntoTopRow;
        verticalScrollBar()->setValue(value);
    }
    m_topAfterRemoval = -1;
    m_scrollingItself = false;
}

void LogView::onScrolled(int value)
{
    if (m_scrollingItself)
        return;
    // The person moved the view: follow the tail only if they went back to it.
    setFollowTail(value >= verticalScrollBar()->maximum());
}

} // namespace workhost
