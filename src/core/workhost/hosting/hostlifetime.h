#pragma once

#include <QObject>

namespace workhost {

class Host;

// The application's view of the host's lifetime, as .NET's
// IHostApplicationLifetime: three notifications and a way to ask for the end.
//
// Owner: its Host; lives on the host's thread. Each signal is emitted exactly
// once, in this order: started() (skipped if the host stops before it is up),
// stopping(), stopped(). A service asks for the end through
// Service::requestHostStop(), which is safe from its own thread. Only the
// host emits them (QPrivateSignal).
class HostLifetime : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostLifetime)

public:
    using QObject::QObject;

    // Asks the host to stop gracefully. Returns at once; may be called from
    // any thread while the host exists.
    void requestStop() { Q_EMIT stopRequested(QPrivateSignal()); }

Q_SIGNALS:
    void started(QPrivateSignal);
    void stopping(QPrivateSignal);
    void stopped(QPrivateSignal);
    void stopRequested(QPrivateSignal);

private:
    friend class Host;
    void notifyStarted() { Q_EMIT started(QPrivateSignal()); }
    void notifyStopping() { Q_EMIT stopping(QPrivateSignal()); }
    void notifyStopped() { Q_EMIT stopped(QPrivateSignal()); }
};

} // namespace workhost
