#pragma once

namespace workhost {

// The numbered entries of a /proc directory: processes in /proc, threads in
// /proc/PID/task, descriptors in /proc/self/fd. Read with getdents64 into a
// fixed buffer on the stack, because opendir() allocates: no allocation, no
// lock, no stdio, so signal handlers and a child after fork() can use it.
//
// Static; async-signal-safe.
class ProcFs
{
public:
    // Calls visit(number) for each entry of the open directory `directory`
    // whose name is a decimal number ("0" included); skips ".", "..", "self"
    // and the like. Reads from where the descriptor stands; leaves it open.
    template <typename Visit>
    static void forEachNumber(int directory, Visit visit)
    {
        forEachNumber(
            directory, [](int number, void *context) { (*static_cast<Visit *>(context))(number); },
            &visit);
    }

private:
    using Visitor = void (*)(int number, void *context);
    static void forEachNumber(int directory, Visitor visit, void *context);
};

} // namespace workhost
