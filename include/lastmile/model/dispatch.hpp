#pragma once
/// Dispatch policies: which depot and mode serves an order, and how many orders a vehicle
/// takes on one trip. The operation computes the feasible candidates (payload, energy with
/// reserve, reachability) and their expected delivery times; a policy chooses among them.

#include <memory>
#include <string_view>
#include <vector>

#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

struct DispatchCandidate {
    std::size_t depot = 0;
    scenario::VehicleMode mode = scenario::VehicleMode::drone;
    double expected_delivery_s = 0;  ///< from now: expected wait plus travel to the customer
};

class DispatchPolicy {
  public:
    virtual ~DispatchPolicy() = default;
    virtual std::string_view name() const = 0;
    /// Index of the chosen candidate; `candidates` is non-empty and in (depot, mode) order.
    virtual std::size_t choose(const std::vector<DispatchCandidate>& candidates,
                               double promise_s) const = 0;
    /// True when choose() always takes a candidate with the earliest expected delivery: the
    /// operation may then leave out candidates it can show to be later than one it has.
    virtual bool picks_earliest() const = 0;
    /// Orders a vehicle of `mode` with `compartments` takes on one trip.
    virtual int batch_limit(scenario::VehicleMode mode, int compartments) const = 0;
};

/// fastest-feasible: the candidate with the earliest expected delivery (ties: lower depot
/// index, drone before robot); one order per trip.
/// robot-batching: the same choice; robots fill their compartments from the depot's queue.
std::unique_ptr<DispatchPolicy> make_dispatch_policy(const scenario::DispatchSpec& spec);

}  // namespace lastmile::model
