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
            int drones = 0;
            for (const auto& fleet : spec.fleets) {
                drones += fleet.count;
            }
            fmt::print("{}: ok (scenario '{}': {} depots, {} drone types, {} drones, {} demand "
                       "points)\n",
                       *file, spec.name, spec.depots.size(), spec.drone_types.size(), drones,
                       spec.demand.points.size());
            return static_cast<int>(kOk);
        } catch (const scenario::InputError& e) {
            std::cerr << e.report() << '\n';
            return static_cast<int>(kBadInput);
        }
    };
}

}  // namespace lastmile::cli
