#pragma once

#include <QTableView>

namespace workhost {

class LogModel;

// The live log view: a table of one-line rows over a LogModel, with colours
// per level and follow-tail: it scrolls to each new line only while it is
// already at the bottom, and stops as soon as the person scrolls up. While it
// does not follow, the lines the person reads stay in place, also when the
// model's retention cap drops older lines above them.
//
// Why a QTableView: its rows live in a header of fixed-size sections, so a
// batch of new lines costs the size of the batch. (A QTreeView lays out every
// retained row again on each insertion: at the 100,000-line cap that was 3-4 ms
// per batch.) Cells are painted by LogRowDelegate, which skips the style's text
// layout; see docs/PERFORMANCE.md.
//
// Owner: its parent widget; lives on the GUI thread.
class LogView : public QTableView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    explicit LogView(QWidget *parent = nullptr);

    void setLogModel(LogModel *model);
    bool followsTail() const { return m_followTail; }
    // Turns follow-tail on (and scrolls to the end) or off.
    void setFollowTail(bool follow);

Q_SIGNALS:
    void followTailChanged(bool follow);

protected:
    void changeEvent(QEvent *event) override;
    // Runs before the selection model hears of the removal (a connected slot
    // would run after it): see there.
    void rowsAboutToBeRemoved(const QModelIndex &parent, int first, int last) override;

private:
    void onRowsInserted();
    void onRowsRemoved();
    void onScrolled(int value);
    void applyRowHeight();

    bool m_followTail = true;
    bool m_scrollingItself = false; // a scroll of ours, not the person's
    // Where the view goes back to once rows are removed (-1: no removal under way).
    int m_topAfterRemoval = -1;
    int m_pixelsIntoTopRow = 0; // in ScrollPerPixel mode
};

} // namespace workhost
