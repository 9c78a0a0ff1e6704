#pragma once

#include <QList>
#include <QObject>

#include <csignal>

class QSocketNotifier;

namespace workhost {

// Turns Unix signals (SIGINT, SIGTERM, SIGHUP, SIGUSR1...) into a Qt signal
// on the thread that creates it, by the self-pipe trick: the handler only
// writes the signal number to a socket (non-blocking, close-on-exec, errno
// preserved), which a QSocketNotifier reads in the event loop.
//
// Owner: main() or HeadlessRun; one at a time. Restores the previous handlers
// in its destructor. Emits received(signal) once per delivered signal (a
// signal arriving while the socket is full, thousands behind, is dropped).
class UnixSignalNotifier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalNotifier)

public:
    explicit UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalNotifier() override;

Q_SIGNALS:
    void received(int signal);

private:
    void readSignal();

    QList<int> m_signals;
    QList<struct sigaction> m_previous; // one per signal, restored in the destructor
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace workhost
