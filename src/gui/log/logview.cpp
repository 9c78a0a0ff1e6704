#include "gui/log/logview.h"

#include "core/logging/logmodel.h"
#include "gui/log/logrowdelegate.h"

#include <QEvent>
#include <QHeaderView>
#include <QScrollBar>

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
    m_scrollingToTail = true;
    scrollToBottom();
    m_scrollingToTail = false;
}

void LogView::onScrolled(int value)
{
    if (m_scrollingToTail)
        return;
    // The person moved the view: follow the tail only if they went back to it.
    setFollowTail(value >= verticalScrollBar()->maximum());
}

} // namespace workhost
