#pragma once
// An order as the operation keeps it while serving it. Private to the model.

#include <cstdint>
#include <deque>
#include <optional>

#include <lastmile/geo/local_frame.hpp>
#include <lastmile/output/recorder.hpp>

namespace lastmile::model {

struct Order {
    output::OrderRecord record;
    geo::Enu position;
    std::optional<std::size_t> ground_node;  ///< nearest network node, if within reach
    double one_way_m = 0;                    ///< drones: straight line from the chosen depot
    std::uint32_t attempts = 0;              ///< flights that set out with it
};

/// Every order of the run, by index (a deque: parts hold references to its elements).
using Orders = std::deque<Order>;

}  // namespace lastmile::model
