#include "gui/log/logview.h"

#include "core/logging/logmodel.h"
#include "gui/log/loglevelcolors.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QStyledItemDelegate>

namespace workhost {

namespace {

// Paints the text in its level's colour: the model stays QtCore-only.
class LevelColorDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QColor color = colorForLevel(LogLevel(index.data(LogModel::LevelRole).toInt()));
        if (color.isValid())
            option->palette.setColor(QPalette::Text, color);
    }
};

} // namespace

LogView::LogView(QWidget *parent)
    : QTreeView(parent)
{
    // A flat list of one-line rows: uniform heights let Qt skip measuring rows.
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setTextElideMode(Qt::ElideRight);
    setWordWrap(false);
    setItemDelegate(new LevelColorDelegate(this));
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &LogView::onScrolled);
}

void LogView::setLogModel(LogModel *model)
{
    setModel(model);
    header()->setStretchLastSection(true);
    header()->resizeSection(LogModel::TimeColumn,
                            fontMetrics().horizontalAdvance("00:00:00.000") + 16);
    header()->resizeSection(LogModel::LevelColumn,
                            fontMetrics().horizontalAdvance("Critical") + 16);
    header()->resizeSection(LogModel::ServiceColumn,
                            fontMetrics().horizontalAdvance("file-hasher-00") + 16);
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
