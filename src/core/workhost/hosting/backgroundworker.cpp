#include <workhost/hosting/backgroundworker.h>

#include <workhost/hosting/detail/servicethread.h>

namespace workhost {

Service::RunResult BackgroundWorker::run(ServiceThread &thread)
{
    // A background worker is up as soon as its thread runs: like .NET's
    // StartAsync returning once ExecuteAsync is under way.
    thread.reportStarted();
    const StopToken token = thread.token();
    // An exception after the stop request is how some libraries cancel: not a fault.
    return guarded([&] { execute(token); }, token);
}

} // namespace workhost
