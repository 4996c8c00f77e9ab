#include <lastmile/econ/activity.hpp>

namespace lastmile::econ {

Activity activity_from(const output::RunRecords& records, const scenario::ScenarioSpec& spec) {
    Activity a;
    a.duration_s = spec.simulation.duration_s;
    a.depots = static_cast<double>(spec.depots.size());
    const auto& vehicles = spec.economics.vehicles;
    a.types.resize(vehicles.size());
    for (const auto& v : records.vehicles) {
        const auto mode = v.mode == output::Mode::drone ? scenario::VehicleMode::drone
                                                        : scenario::VehicleMode::robot;
        for (std::size_t t = 0; t < vehicles.size(); ++t) {
            if (vehicles[t].mode != mode ||
                static_cast<std::int32_t>(vehicles[t].type_index) != v.type) {
                continue;
            }
            TypeActivity& ta = a.types[t];
            ta.vehicles += 1;
            ta.active_s += v.state_s[static_cast<std::size_t>(output::VehicleState::mission)];
            ta.distance_m += v.distance_m;
            ta.energy_wh += v.energy_wh;
            ta.battery_cycles += v.battery_cycles;
            ta.failures += static_cast<double>(v.failures);
            ta.deliveries += static_cast<double>(v.deliveries);
            ta.vehicle_active_s.push_back(
                v.state_s[static_cast<std::size_t>(output::VehicleState::mission)]);
        }
    }
    if (!records.on_mission_changes.empty()) {
        for (ActiveSeries* series : {&a.drones, &a.robots}) {
            series->start_s.push_back(0);
            series->active.push_back(0);
        }
        for (const auto& c : records.on_mission_changes) {
            ActiveSeries& series = c.mode == output::Mode::drone ? a.drones : a.robots;
            series.start_s.push_back(c.time_s);
            series.active.push_back(c.on_mission);
        }
    } else {
        for (const auto& s : records.fleet_samples) {
            a.drones.start_s.push_back(s.time_s);
            a.drones.active.push_back(s.drones_on_mission);
            a.robots.start_s.push_back(s.time_s);
            a.robots.active.push_back(s.robots_on_mission);
        }
    }
    return a;
}

}  // namespace lastmile::econ
