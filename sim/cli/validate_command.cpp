#include <iostream>
#include <string>

#include <fmt/format.h>

#include <lastmile/scenario/loader.hpp>

#include "commands.hpp"

namespace lastmile::cli {

Command add_validate_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("validate", "Check a scenario file without running it");
    auto file = std::make_shared<std::string>();
    cmd->add_option("FILE", *file, "Scenario file (YAML)")->required();
    return [file] {
        try {
            const auto spec = scenario::load_scenario_file(*file);
            std::int64_t drones = 0;
            std::int64_t robots = 0;
            for (const auto& fleet : spec.fleets) {
                (fleet.mode == scenario::VehicleMode::drone ? drones : robots) += fleet.count;
            }
            fmt::print(
                "{}: ok (scenario '{}': {} depots, {} drones, {} robots, {} demand zones, "
                "{} trace orders)\n",
                *file, spec.name, spec.depots.size(), drones, robots, spec.demand.zones.size(),
                spec.demand.trace.size());
            return static_cast<int>(kOk);
        } catch (const scenario::InputError& e) {
            std::cerr << e.report() << '\n';
            return static_cast<int>(kBadInput);
        }
    };
}

}  // namespace lastmile::cli
