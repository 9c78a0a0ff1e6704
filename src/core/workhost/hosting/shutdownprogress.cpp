#include <workhost/hosting/shutdownprogress.h>

#include <algorithm>

namespace workhost {

int ShutdownProgress::finishedCount() const
{
    return static_cast<int>(std::count_if(entries.cbegin(), entries.cend(), [](const Entry &e) {
        return !hasRunInProgress(e.state);
    }));
}

} // namespace workhost
