#pragma once
// The model's parts built from a scenario, as the operation builds them, but without starting
// any process: a test drives one part by hand and looks at it, with no whole run in between.

#include <deque>
#include <memory>
#include <vector>

#include <lastmile/kernel/simulation.hpp>
#include <lastmile/model/multirotor_energy.hpp>
#include <lastmile/output/recorder.hpp>

#include "model/depot.hpp"
#include "model/dispatcher.hpp"
#include "model/fleet.hpp"
#include "model/model_context.hpp"
#include "model/order.hpp"

namespace lastmile::testing {

/// Drones only, no airspace, no ground network.
struct ModelParts {
    explicit ModelParts(scenario::ScenarioSpec scenario) : spec(std::move(scenario)) {
        for (const auto& type : spec.drone_types) {
            energy.emplace_back(type);
        }
        for (std::size_t d = 0; d < spec.depots.size(); ++d) {
            depots.emplace_back(context, d, nullptr);
        }
        for (std::size_t f = 0; f < spec.fleets.size(); ++f) {
            depots[spec.fleets[f].depot_index].add_fleet(spec.fleets[f]);
            for (int i = 0; i < spec.fleets[f].count; ++i) {
                fleet.add_vehicle(f, spec.fleets[f]);
            }
        }
        dispatcher = std::make_unique<model::Dispatcher>(
            context, model::DispatchScene{orders, depots, fleet, nullptr, energy, nullptr},
            model::DispatchPolicies::built_in().make(spec.dispatch.policy));
    }

    /// A new order at `position` (metres east and north of the scenario's origin).
    std::size_t order_at(double east_m, double north_m, double weight_kg = 1.0) {
        model::OrderRequest request;
        request.position = geo::Enu(east_m, north_m, 0);
        request.weight_kg = weight_kg;
        request.promise_s = std::numeric_limits<double>::infinity();
        dispatcher->accept(request);
        return orders.size() - 1;
    }

    scenario::ScenarioSpec spec;
    kernel::Simulation sim{kernel::RandomStreams(1, 0)};
    output::MemoryRecorder recorder;
    model::ModelContext context{sim, spec, recorder};
    std::vector<model::MultirotorEnergy> energy;
    std::deque<model::Depot> depots;
    model::Fleet fleet{context};
    model::Orders orders;
    std::unique_ptr<model::Dispatcher> dispatcher;
};

}  // namespace lastmile::testing
