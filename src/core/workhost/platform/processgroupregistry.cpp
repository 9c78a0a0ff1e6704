#include <workhost/platform/processgroupregistry.h>

#include <atomic>
#include <csignal>
#include <new>
#include <sys/mman.h>

namespace workhost {

namespace {

struct Table
{
    std::atomic<pid_t> groups[ProcessGroupRegistry::capacity];
    std::atomic<int> launching;
    std::atomic<bool> forbidden;
};
static_assert(std::atomic<pid_t>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
                  std::atomic<bool>::is_always_lock_free,
              "A signal handler and a forked process read the table: its atomics must be "
              "lock-free.");

Table s_private{};
std::atomic<Table *> s_table{&s_private};

Table &table()
{
    return *s_table.load(std::memory_order_acquire);
}

} // namespace

void ProcessGroupRegistry::prepareShared()
{
    void *memory =
        ::mmap(nullptr, sizeof(Table), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED)
        return; // the private table still serves every exit but the orphan guard's
    s_table.store(new (memory) Table{}, std::memory_order_release);
}

bool ProcessGroupRegistry::add(pid_t group)
{
    for (std::atomic<pid_t> &slot : table().groups) {
        pid_t empty = 0;
        if (slot.compare_exchange_strong(empty, group))
            return true;
    }
    return false;
}

void ProcessGroupRegistry::remove(pid_t group)
{
    for (std::atomic<pid_t> &slot : table().groups) {
        pid_t expected = group;
        if (slot.compare_exchange_strong(expected, 0))
            return;
    }
}

bool ProcessGroupRegistry::contains(pid_t group)
{
    for (const std::atomic<pid_t> &slot : table().groups) {
        if (slot.load() == group)
            return true;
    }
    return false;
}

int ProcessGroupRegistry::copyGroups(pid_t *out, int room)
{
    int count = 0;
    for (const std::atomic<pid_t> &slot : table().groups) {
        const pid_t group = slot.load();
        if (group > 0 && count < room)
            out[count++] = group;
    }
    return count;
}

int ProcessGroupRegistry::signalAll(int signal)
{
    int count = 0;
    for (const std::atomic<pid_t> &slot : table().groups) {
        const pid_t group = slot.load();
        if (group > 0 && ::kill(-group, signal) == 0)
            ++count;
    }
    return count;
}

void ProcessGroupRegistry::forbidLaunches()
{
    table().forbidden.store(true);
}

bool ProcessGroupRegistry::launchesForbidden()
{
    return table().forbidden.load();
}

ProcessGroupRegistry::Launch::Launch()
{
    table().launching.fetch_add(1);
}

ProcessGroupRegistry::Launch::~Launch()
{
    table().launching.fetch_sub(1);
}

int ProcessGroupRegistry::launchesInProgress()
{
    return table().launching.load();
}

} // namespace workhost
