#pragma once

#include <QDeadlineTimer>
#include <QList>

namespace spdlog {
class logger;
}

namespace workhost {

class ServiceController;

// What ~Host does with the runs still in progress (host.h says why): asks
// every one to stop by `deadline`, all of them before any wait, reporting no
// transition; then waits for each until `deadline` and abandons the threads
// not back by then, each with its service. `hostWasRunning`: say so in the
// host's log when a run was still in progress.
//
// A function, not a class: called once, on the host's thread, from its
// destructor; the controllers stay the host's children.
void abandonRuns(const QList<ServiceController *> &controllers, QDeadlineTimer deadline,
                 bool hostWasRunning, spdlog::logger &hostLog);

} // namespace workhost
