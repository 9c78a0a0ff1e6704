#include <workhost/platform/processcontainment.h>

#include <workhost/platform/adoptedchildreaper.h>
#include <workhost/platform/descriptorlimit.h>
#include <workhost/platform/fatalsignals.h>
#include <workhost/platform/orphanguard.h>
#include <workhost/platform/processgroupregistry.h>

#include <spdlog/spdlog.h>

#include <sys/prctl.h>

namespace workhost {

ProcessContainment::ProcessContainment()
{
    ProcessGroupRegistry::prepareShared();
    const DescriptorLimit::Change limit = DescriptorLimit::raiseSoftLimit();
    if (limit.from != limit.to)
        spdlog::info("descriptors: soft limit raised from {} to {}", limit.from, limit.to);
    else
        spdlog::info("descriptors: soft limit {} (the hard limit)", limit.to);
    if (::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
        spdlog::warn("cannot become a child subreaper: a program's daemons may outlive it");
    if (OrphanGuard::start() < 0)
        spdlog::warn("cannot start the orphan guard: SIGKILL of the host would leave the "
                     "children of its programs running");
    FatalSignals::install();
    m_reaper = std::make_unique<AdoptedChildReaper>();
}

ProcessContainment::~ProcessContainment() = default;

} // namespace workhost
