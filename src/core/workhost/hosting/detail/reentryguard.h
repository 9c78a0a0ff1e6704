#pragma once

namespace workhost {

// Knows whether its owner is inside one of its own signal emissions, as Qt
// Creator Tasking's Guard and GuardLocker do: a slot connected to the owner's
// signals runs while the owner's code (and a ServiceController's) is still on
// the stack, so a call from there that deletes what that code still uses
// (Host::removeService) checks isLocked() and refuses.
//
//     const ReentryGuard::Locker emitting(m_guard);
//     Q_EMIT stateChanged(state);
//
// Owner: the object it guards, as a member; used on that object's thread only
// (a plain counter, no atomics). Lockers nest.
class ReentryGuard
{
public:
    bool isLocked() const { return m_depth > 0; }

    class Locker
    {
    public:
        explicit Locker(ReentryGuard &guard)
            : m_guard(guard)
        {
            ++m_guard.m_depth;
        }
        ~Locker() { --m_guard.m_depth; }
        Locker(const Locker &) = delete;
        Locker &operator=(const Locker &) = delete;

    private:
        ReentryGuard &m_guard;
    };

private:
    int m_depth = 0;
};

} // namespace workhost
