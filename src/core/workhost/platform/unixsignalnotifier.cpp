#include <workhost/platform/unixsignalnotifier.h>

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace workhost {

namespace {

int s_sockets[2] = {-1, -1}; // [0] written by the handler, [1] read by the notifier

void onSignal(int signal)
{
    const int savedErrno = errno; // the interrupted code may be about to read it
    const char number = static_cast<char>(signal);
    [[maybe_unused]] const ssize_t written = ::write(s_sockets[0], &number, 1); // async-signal-safe
    errno = savedErrno;
}

} // namespace

UnixSignalNotifier::UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent)
    : QObject(parent)
    , m_signals(signalNumbers)
{
    Q_ASSERT_X(s_sockets[0] < 0, "UnixSignalNotifier", "one at a time");
    // Close-on-exec: no program the host starts may write into it. The write
    // end does not block: a handler must never hang on a full socket.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s_sockets) != 0)
        qFatal("UnixSignalNotifier: socketpair failed");
    ::fcntl(s_sockets[0], F_SETFL, ::fcntl(s_sockets[0], F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(s_sockets[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalNotifier::readSignal);

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signal : m_signals) {
        struct sigaction previous = {};
        ::sigaction(signal, &action, &previous);
        m_previous.append(previous);
    }
}

UnixSignalNotifier::~UnixSignalNotifier()
{
    for (qsizetype i = 0; i < m_signals.size(); ++i)
        ::sigaction(m_signals[i], &m_previous[i], nullptr);
    delete m_notifier;
    ::close(s_sockets[0]);
    ::close(s_sockets[1]);
    s_sockets[0] = s_sockets[1] = -1;
}

void UnixSignalNotifier::readSignal()
{
    char number = 0;
    if (::read(s_sockets[1], &number, 1) == 1)
        Q_EMIT received(number);
}

} // namespace workhost
