// Linked into every executable of a ThreadSanitizer build (see WorkhostSanitizers.cmake).
//
// QProcess (Qt 6.4, forkfd) starts children with clone(CLONE_VM | CLONE_VFORK): the child
// borrows the parent's memory until it execs. ThreadSanitizer's clone interceptor (gcc 12,
// clang 14) treats that child as a forked copy, so its after-fork bookkeeping lands in the
// parent's own state: gcc's runtime then aborts the parent at its next thread start
// ("starting new threads after multi-threaded fork is not supported"), clang's fails a CHECK.
//
// This definition of clone() comes first in symbol lookup (the executable before libtsan), so
// Qt's call lands here. It drops the two flags, which makes the child an ordinary forked copy,
// as Qt itself does where it cannot use vfork (FFD_USE_FORK), and hands the call on to the
// sanitizer's interceptor. Nothing else calls clone() with both flags.

#include <sched.h>
#include <sys/types.h>

#include <cstdarg>

extern "C" int __interceptor_clone(int (*function)(void *), void *stack, int flags, void *argument,
                                   ...);

extern "C" int clone(int (*function)(void *), void *stack, int flags, void *argument, ...)
{
    // The optional arguments, read as the sanitizer's own interceptor reads them.
    va_list optional;
    va_start(optional, argument);
    auto *parentTid = va_arg(optional, pid_t *);
    void *tls = va_arg(optional, void *);
    auto *childTid = va_arg(optional, pid_t *);
    va_end(optional);

    constexpr int vforkLike = CLONE_VM | CLONE_VFORK;
    if ((flags & vforkLike) == vforkLike)
        flags &= ~vforkLike;
    return __interceptor_clone(function, stack, flags, argument, parentTid, tls, childTid);
}
