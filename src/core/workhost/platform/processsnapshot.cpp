#include <workhost/platform/processsnapshot.h>

#include <workhost/platform/processgroupregistry.h>
#include <workhost/platform/processtree.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace workhost {

namespace {

// The walks in progress and the latest one. Never destroyed: a thread the
// host abandoned may still ask after main()'s statics are gone.
struct SharedWalks
{
    std::mutex mutex;
    std::condition_variable finished;
    std::uint64_t begun = 0;  // walks begun so far, numbered 1, 2, ...
    std::uint64_t latest = 0; // the number of the last walk finished
    bool walking = false;
    std::shared_ptr<const ProcessSnapshot> snapshot; // walk number `latest`
};

SharedWalks &sharedWalks()
{
    static auto *walks = new SharedWalks;
    return *walks;
}

} // namespace

std::shared_ptr<const ProcessSnapshot> ProcessSnapshot::fresh()
{
    SharedWalks &walks = sharedWalks();
    std::unique_lock lock(walks.mutex);
    // A walk already under way may have read /proc before this call: the
    // caller needs the next one, which someone begins once it is over.
    const std::uint64_t wanted = walks.begun + 1;
    while (walks.latest < wanted) {
        if (walks.walking) {
            walks.finished.wait(lock);
            continue;
        }
        walks.walking = true;
        const std::uint64_t number = ++walks.begun;
        lock.unlock();
        std::shared_ptr<const ProcessSnapshot> taken;
        try {
            taken = take();
        } catch (...) {
            lock.lock();
            walks.walking = false;
            walks.finished.notify_all(); // another caller walks instead
            throw;
        }
        lock.lock();
        walks.snapshot = std::move(taken);
        walks.latest = number;
        walks.walking = false;
        walks.finished.notify_all();
    }
    return walks.snapshot;
}

std::shared_ptr<const ProcessSnapshot> ProcessSnapshot::take()
{
    std::shared_ptr<ProcessSnapshot> snapshot(new ProcessSnapshot);
    std::vector<pid_t> pids(ProcessTree::capacity);
    const int count = ProcessTree::descendants(pids.data(), ProcessTree::capacity);
    snapshot->m_processes.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const ProcessTree::Stat stat = ProcessTree::stat(pids[i]);
        snapshot->m_processes.push_back({pids[i], stat.group, stat.state});
    }
    // After the walk: a program registered while it ran is known as one.
    std::vector<pid_t> groups(ProcessGroupRegistry::capacity);
    groups.resize(static_cast<size_t>(
        ProcessGroupRegistry::copyGroups(groups.data(), ProcessGroupRegistry::capacity)));
    std::sort(groups.begin(), groups.end());
    snapshot->m_registeredGroups = std::move(groups);
    return snapshot;
}

bool ProcessSnapshot::isRegisteredGroup(pid_t group) const
{
    return std::binary_search(m_registeredGroups.cbegin(), m_registeredGroups.cend(), group);
}

} // namespace workhost
