#include <workhost/platform/adoptedchildreaper.h>

#include <workhost/platform/processgroupregistry.h>
#include <workhost/platform/processtree.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <sys/wait.h>
#include <vector>

namespace workhost {

namespace {

std::atomic<bool> s_childEnded{true};
struct sigaction s_previous = {};

void onChildSignal(int signal, siginfo_t *info, void *context)
{
    s_childEnded.store(true);
    if (s_previous.sa_flags & SA_SIGINFO) {
        if (s_previous.sa_sigaction)
            s_previous.sa_sigaction(signal, info, context);
    } else if (s_previous.sa_handler != SIG_DFL && s_previous.sa_handler != SIG_IGN) {
        s_previous.sa_handler(signal);
    }
}

} // namespace

AdoptedChildReaper::AdoptedChildReaper(QObject *parent)
    : QObject(parent)
{
    struct sigaction action = {};
    action.sa_sigaction = onChildSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_RESTART | SA_NOCLDSTOP;
    ::sigaction(SIGCHLD, &action, &s_previous);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (s_childEnded.exchange(false))
            reapNow();
    });
    m_timer.start(1000);
}

AdoptedChildReaper::~AdoptedChildReaper()
{
    ::sigaction(SIGCHLD, &s_previous, nullptr);
}

int AdoptedChildReaper::reapNow()
{
    std::vector<pid_t> children(ProcessTree::capacity);
    const int count = ProcessTree::childrenOf(0, children.data(), ProcessTree::capacity);
    std::vector<pid_t> zombies;
    for (int i = 0; i < count; ++i) {
        if (ProcessTree::state(children[i]) == 'Z')
            zombies.push_back(children[i]);
    }
    // A program forked before the list was read is registered once its launch
    // is over (see ProcessGroupRegistry::Launch): only then is the check below exact.
    if (ProcessGroupRegistry::launchesInProgress() > 0) {
        s_childEnded.store(true); // next time
        return 0;
    }
    int reaped = 0;
    for (const pid_t pid : zombies) {
        if (ProcessGroupRegistry::contains(pid))
            continue; // its QProcess reaps it
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) != pid)
            continue;
        ++reaped;
        if (WIFSIGNALED(status))
            spdlog::info("adopted process {} ended by signal {}", pid, WTERMSIG(status));
        else
            spdlog::info("adopted process {} exited with code {}", pid, WEXITSTATUS(status));
    }
    return reaped;
}

} // namespace workhost
