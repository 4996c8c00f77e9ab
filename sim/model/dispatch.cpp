#include <lastmile/model/dispatch.hpp>

namespace lastmile::model {
namespace {

std::size_t fastest(const std::vector<DispatchCandidate>& candidates) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i) {
        if (candidates[i].expected_delivery_s < candidates[best].expected_delivery_s) {
            best = i;  // strict: earlier candidates (lower depot, drones first) win ties
        }
    }
    return best;
}

class FastestFeasible : public DispatchPolicy {
  public:
    std::string_view name() const override { return "fastest-feasible"; }
    std::size_t choose(const std::vector<DispatchCandidate>& candidates, double) const override {
        return fastest(candidates);
    }
    bool picks_earliest() const override { return true; }
    int batch_limit(scenario::VehicleMode, int) const override { return 1; }
};

class RobotBatching : public FastestFeasible {
  public:
    std::string_view name() const override { return "robot-batching"; }
    int batch_limit(scenario::VehicleMode mode, int compartments) const override {
        return mode == scenario::VehicleMode::robot ? compartments : 1;
    }
};

}  // namespace

std::unique_ptr<DispatchPolicy> make_dispatch_policy(const scenario::DispatchSpec& spec) {
    switch (spec.policy) {
        case scenario::DispatchPolicyKind::fastest_feasible:
            return std::make_unique<FastestFeasible>();
        case scenario::DispatchPolicyKind::robot_batching:
            return std::make_unique<RobotBatching>();
    }
    return std::make_unique<FastestFeasible>();
}

}  // namespace lastmile::model
