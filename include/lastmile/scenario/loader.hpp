#pragma once
/// Reads scenario files into a ScenarioSpec, or throws an InputError that says where and why.

#include <filesystem>
#include <string>
#include <vector>

#include <lastmile/scenario/spec.hpp>

namespace lastmile::scenario {

/// The names a scenario may give to parts that are registered by name. By default LastMile's
/// own; a program that registers more (model::DispatchPolicies::add) passes their names, so
/// that a scenario can use them and a misspelling still gets a "did you mean" hint.
struct Vocabulary {
    std::vector<std::string> dispatch_policies{"fastest-feasible", "robot-batching"};
};

/// Loads and validates a scenario file. Throws InputError for any problem with the file,
/// including a file that cannot be read.
ScenarioSpec load_scenario_file(const std::filesystem::path& path,
                                const Vocabulary& vocabulary = {});

/// Loads from text; `file_name` is used in error messages and recorded in the spec, and files
/// the scenario references are read relative to its directory.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name,
                                const Vocabulary& vocabulary = {});

/// Loads from text with the referenced files taken from `inputs` only (by the name written in
/// the scenario), never from the disk: how a results file's run is repeated.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& file_name,
                                const std::vector<EmbeddedInput>& inputs,
                                const Vocabulary& vocabulary = {});

}  // namespace lastmile::scenario
