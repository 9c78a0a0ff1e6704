#pragma once

#include <workhost/hosting/hoststates.h>

#include <QString>

#include <array>
#include <initializer_list>
#include <optional>

namespace workhost {

// The service state machine, in one table: ServiceController asserts every
// transition it makes against it, the chaos test's oracle checks every one a
// host reports against it, and docs/ARCHITECTURE.md draws it (the diagram's
// text is serviceStateDiagram()). A transition that is not here is a bug.
//
// An edge that ends a run (or gives up on it) lists the RunOutcomes its
// transitions may carry; every other edge carries none.
struct ServiceStateEdge
{
    ServiceState from;
    ServiceState to;
    const char *trigger; // what makes it happen, for the diagram
    unsigned outcomes;   // RunOutcome bits (outcomeBits()); 0: does not end a run

    constexpr bool endsRun() const { return outcomes != 0; }
    constexpr bool allows(RunOutcome outcome) const
    {
        return (outcomes & (1u << static_cast<unsigned>(outcome))) != 0;
    }
};

constexpr unsigned outcomeBits(std::initializer_list<RunOutcome> outcomes)
{
    unsigned bits = 0;
    for (const RunOutcome outcome : outcomes)
        bits |= 1u << static_cast<unsigned>(outcome);
    return bits;
}

namespace detail {
using S = ServiceState;
using O = RunOutcome;
// clang-format off
inline constexpr std::array<ServiceStateEdge, 18> serviceStateEdges{{
    {S::Stopped,    S::Starting,   "start",                                   0},
    {S::Starting,   S::Running,    "thread up / onStart returned",            0},
    {S::Starting,   S::Faulted,    "onStart threw, or no thread for the run", outcomeBits({O::Faulted})},
    {S::Starting,   S::Stopping,   "stop",                                    0},
    {S::Running,    S::Stopping,   "stop (token fires, event loop quits)",    0},
    {S::Running,    S::Stopped,    "returned on its own",                     outcomeBits({O::Completed})},
    {S::Running,    S::BackingOff, "completed, restartOnCompletion",          outcomeBits({O::Completed})},
    {S::Running,    S::GaveUp,     "completed too often (restartOnCompletion)", outcomeBits({O::Completed})},
    {S::Running,    S::Faulted,    "threw, or fail()",                        outcomeBits({O::Faulted})},
    {S::Stopping,   S::Stopped,    "returned, threw on cancellation, or onStop threw",
                                   outcomeBits({O::Stopped, O::Cancelled, O::Faulted})},
    {S::Stopping,   S::TimedOut,   "deadline passed (thread abandoned)",      outcomeBits({O::TimedOut})},
    {S::TimedOut,   S::Stopped,    "returned late",                           outcomeBits({O::TimedOut})},
    {S::Faulted,    S::BackingOff, "policy Restart, within the limit",        0},
    {S::Faulted,    S::GaveUp,     "restart limit reached",                   0},
    {S::Faulted,    S::Starting,   "start by hand",                           0},
    {S::BackingOff, S::Starting,   "delay elapsed (automatic restart), or start by hand", 0},
    {S::BackingOff, S::Stopped,    "stop",                                    0},
    {S::GaveUp,     S::Starting,   "start by hand",                           0},
}};
// clang-format on
} // namespace detail
using detail::serviceStateEdges;

// The edge from `from` to `to`; nullptr when the state machine has none.
constexpr const ServiceStateEdge *findServiceStateEdge(ServiceState from, ServiceState to)
{
    for (const ServiceStateEdge &edge : serviceStateEdges) {
        if (edge.from == from && edge.to == to)
            return &edge;
    }
    return nullptr;
}

// True when the table has this transition, carrying this outcome (or none).
constexpr bool isServiceTransition(ServiceState from, ServiceState to,
                                   std::optional<RunOutcome> outcome)
{
    const ServiceStateEdge *edge = findServiceStateEdge(from, to);
    if (!edge)
        return false;
    return outcome ? edge->allows(*outcome) : !edge->endsRun();
}

static_assert(!findServiceStateEdge(ServiceState::Starting, ServiceState::Stopped),
              "a run that starts must report Running or Faulted before it can end");

// The table as the mermaid state diagram of docs/ARCHITECTURE.md.
QString serviceStateDiagram();

} // namespace workhost
