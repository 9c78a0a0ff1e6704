#pragma once

#include <QTreeView>

namespace workhost {

class LogModel;

// The live log view: a flat, uniform-row table over a LogModel, with colours
// per level and follow-tail: it scrolls to each new line only while it is
// already at the bottom, and stops as soon as the person scrolls up.
//
// Owner: its parent widget; lives on the GUI thread.
class LogView : public QTreeView
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

private:
    void onRowsInserted();
    void onScrolled(int value);

    bool m_followTail = true;
    bool m_scrollingToTail = false;
};

} // namespace workhost
