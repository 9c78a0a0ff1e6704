#pragma once

namespace workhost {

// Exit statuses of the workhost executable.
enum class ExitCode : int {
    Success = 0,            // every service stopped cleanly
    ServiceFailure = 1,     // a service faulted, gave up or timed out (its thread returned later)
    ConfigurationError = 2, // the configuration or the command line is wrong
    AbandonedThreads = 3,   // a service's thread never returned; the process left without it
    // Another Workhost holds the same log directory (see InstanceLock): this
    // one started nothing and wrote nothing to its logs.
    AnotherHostRunning = 4
};

// The last step of main(). Returns `code` when every service thread has
// ended. When a thread the host abandoned is still running, returning from
// main() would run static destructors under its feet (and Qt would abort on
// its QThread): so this flushes every log and leaves at once with
// ExitCode::AbandonedThreads, without returning.
int finishProcess(int code);

} // namespace workhost
