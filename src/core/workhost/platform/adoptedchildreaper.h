#pragma once

#include <QObject>
#include <QTimer>

namespace workhost {

// Reaps the processes the host adopted as a child subreaper (a program's
// daemon or orphaned child that ended), so that none stays a zombie, without
// ever reaping a program of a command worker: Qt's QProcess waits for those
// through a pidfd, and stealing one would lose its exit status. A child is
// reaped only when it is a zombie, is not a registered program
// (ProcessGroupRegistry), and no launch is between fork and registration.
//
// A SIGCHLD handler (chained to any previous one, as Qt's own forkfd fallback
// would need) marks that some child ended; a timer looks once a second.
//
// Owner: main(); lives on the main thread. Logs one line per adopted process
// reaped, with its exit status.
class AdoptedChildReaper : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdoptedChildReaper)

public:
    explicit AdoptedChildReaper(QObject *parent = nullptr);
    ~AdoptedChildReaper() override;

    // Reaps what it can now; how many it reaped.
    int reapNow();

private:
    QTimer m_timer;
};

} // namespace workhost
