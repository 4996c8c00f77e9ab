#pragma once
/// Reads scenario files into a ScenarioSpec, or throws an InputError that says where and why.

#include <filesystem>
#include <string>

#include <lastmile/scenario/spec.hpp>

namespace lastmile::scenario {

/// Loads and validates a scenario file. Throws InputError for any problem with the file,
/// including a file that cannot be read.
ScenarioSpec load_scenario_file(const std::filesystem::path& path);

/// Loads from text; `file_name` is used in error messages and recorded in the spec, and files
/// the scenario references are read relative to its directory.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name);

/// Loads from text with the referenced files taken from `inputs` only (by the name written in
/// the scenario), never from the disk: how a results file's run is repeated.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name,
                                const std::vector<EmbeddedInput>& inputs);

}  // namespace lastmile::scenario
