#include "gui/log/logview.h"

#include "core/logging/logmodel.h"
#include "gui/log/logrowdelegate.h"

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
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            &LogView::onRowsAboutToBeRemoved);
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

void LogView::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    m_removedAboveTop = 0;
    if (m_followTail || parent.isValid())
        return;
    // Rows are removed from the top when the cap drops old lines. The scroll
    // position counts rows from the first one: without a correction the view
    // would jump ahead by as many rows as went away above what it shows.
    const int top = std::max(0, rowAt(0));
    m_removedAboveTop = std::max(0, std::min(last + 1, top) - first);
}

void LogView::onRowsRemoved()
{
    if (m_removedAboveTop == 0)
        return;
    QScrollBar *bar = verticalScrollBar();
    const int unitsPerRow =
        verticalScrollMode() == ScrollPerItem ? 1 : verticalHeader()->defaultSectionSize();
    m_scrollingItself = true;
    bar->setValue(std::max(0, bar->value() - m_removedAboveTop * unitsPerRow));
    m_scrollingItself = false;
    m_removedAboveTop = 0;
}

void LogView::onScrolled(int value)
{
    if (m_scrollingItself)
        return;
    // The person moved the view: follow the tail only if they went back to it.
    setFollowTail(value >= verticalScrollBar()->maximum());
}

} // namespace workhost
