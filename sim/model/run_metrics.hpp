#pragma once
// The run's headline metrics (/metrics): a pure summary of the orders, vehicles and packs at
// the horizon. Private to the model.

#include <cstdint>
#include <deque>
#include <vector>

#include "fleet.hpp"
#include "order.hpp"

namespace lastmile::model {

struct RunState {
    const Orders& orders;
    const std::deque<Vehicle>& vehicles;
    const std::deque<Pack>& packs;
    std::uint64_t missions_below_reserve = 0;
    double horizon_s = 0;
};

std::vector<output::Metric> run_metrics(const RunState& run);

}  // namespace lastmile::model
