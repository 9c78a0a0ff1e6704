#pragma once

#include <workhost/logging/logrecord.h>

#include <QObject>

namespace workhost {

// One reader of a host's log records, at its own pace, from a sequence
// number on (HostSession::followLog). Records are numbered 1, 2, 3 ... by the
// host; a subscription delivers each record after its starting number at
// most once, in order, in batches, and says how many it missed before each
// batch (let go by the host's bounded ring, or dropped on the way), so that
// delivered + missed counts every record exactly.
//
//     std::unique_ptr<LogSubscription> log = session.followLog(lastSeen);
//     connect(log.get(), &LogSubscription::batchReady, this, &LogPanel::onBatch);
//
// Owner: whoever reads (the window's log panel, a test), through the
// unique_ptr the session returned; it may outlive the session (it then
// stays silent). Lives on its creator's thread and emits batchReady() there.
class LogSubscription : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogSubscription)

public:
    ~LogSubscription() override = default;

    // Delivers what has arrived now, without waiting for the next batch.
    virtual void takeNow() = 0;
    // The number of the last record delivered or missed: where to resume.
    virtual quint64 lastSequence() const = 0;

Q_SIGNALS:
    void batchReady(const workhost::LogRecords &records, quint64 missedBefore);

protected:
    LogSubscription() = default;
};

} // namespace workhost
