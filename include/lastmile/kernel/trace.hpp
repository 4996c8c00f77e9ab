#pragma once
/// The optional full event trace of a run: every processed event, in processing order, with
/// the same fields the digest folds. Two traces can be compared event by event to name the
/// first place two runs part (the digest only says that they do).

#include <cstdint>
#include <string>
#include <vector>

#include <lastmile/kernel/time.hpp>

namespace lastmile::kernel {

/// What the two entity ids of an event kind name ("vehicle", "order", "depot"...); empty when
/// the id is unused or means different things for different events of the kind.
struct EntityRoles {
    std::string subject;
    std::string object;
};

/// A registered event kind as traces describe it.
struct TraceKind {
    std::string name;
    EntityRoles roles;
};

/// One processed event. `kind` indexes the trace's kinds.
struct TraceEvent {
    Tick time = 0;
    std::uint32_t kind = 0;
    std::uint64_t subject = 0;
    std::uint64_t object = 0;
};

struct EventTrace {
    std::vector<TraceKind> kinds;
    std::vector<TraceEvent> events;
};

}  // namespace lastmile::kernel
