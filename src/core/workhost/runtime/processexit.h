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
    AnotherHostRunning = 4,
    // A host already runs this configuration file (its lock in the runtime
    // directory is held; see HostClaim): this one started nothing. Watch or
    // control that one with `workhost ctl`.
    HostAlreadyRunning = 5
};

// The one way out that does not wait: a second Ctrl+C, "Quit now", and
// threads the host abandoned (finishProcess()). Forbids new launches,
// SIGKILLs every registered process group and every process below the host
// (a subreaper, so daemons included; the orphan guard spared), logs how many
// and "exiting with status <code>", seals the logs
// (LogPipeline::sealCurrentForExit()) and leaves with std::_Exit(code): no
// static destructor runs under a thread still going.
// SIGKILL rather than SIGTERM and a grace: the person (or the deadline) has
// already chosen not to wait, and the process cannot wait for anyone after
// _Exit; the graceful stop was the step before.
[[noreturn]] void abandonProcess(ExitCode code);

// The last step of main(). Kills whatever is still running below the host
// (a daemon that escaped its worker: normally nothing), logs "exiting with
// status <code>" and returns `code` when every service thread has ended (so
// main() prints no status of its own). When a thread the host abandoned is
// still running, returning from main() would run static destructors under
// its feet (and Qt would abort on its QThread): so this leaves through
// abandonProcess(ExitCode::AbandonedThreads) instead.
int finishProcess(int code);

} // namespace workhost
