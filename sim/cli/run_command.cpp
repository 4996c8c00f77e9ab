#include <charconv>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <lastmile/model/run.hpp>
#include <lastmile/output/run_file.hpp>
#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/input_file.hpp>
#include <lastmile/scenario/loader.hpp>

#include "commands.hpp"
#include "output_guard.hpp"
#include "progress_bar.hpp"
#include "summary.hpp"

namespace lastmile::cli {
namespace {

struct RunArguments {
    std::string scenario;
    std::string output;
    std::string seed;  // validated by parse_seed; empty means "the scenario's seed"
    bool quiet = false;
    bool trace = false;
};

/// Seeds are unsigned 64-bit; CLI11 would wrap "-4" silently, so parse it ourselves.
std::optional<std::uint64_t> parse_seed(const std::string& text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

std::string utc_now_iso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

int run(const RunArguments& args) {
    scenario::ScenarioSpec spec;
    try {
        spec = scenario::load_scenario_file(args.scenario);
    } catch (const scenario::InputError& e) {
        std::cerr << e.report() << '\n';
        return kBadInput;
    }
    const std::string output_path =
        args.output.empty() ? std::filesystem::path(args.scenario).stem().string() + ".h5"
                            : args.output;
    // The scenario and every file it names, resolved as the loader resolved them.
    std::vector<std::filesystem::path> inputs{args.scenario};
    for (const auto& input : spec.inputs) {
        inputs.push_back(scenario::resolve_input_path(
            std::filesystem::path(args.scenario).parent_path(), input.name));
    }
    if (const auto refused = output_refusal(output_path, inputs); refused) {
        std::cerr << "lastmile: " << *refused << '\n';
        return kBadInput;
    }

    model::RunOptions options;
    options.trace = args.trace;
    if (!args.seed.empty()) {
        options.seed = parse_seed(args.seed);
    }
    std::optional<ProgressBar> bar;
    if (!args.quiet) {
        bar.emplace(stdout, spec.simulation.duration_s);
        if (bar->active()) {
            options.progress = [&bar](double fraction) { bar->update(fraction); };
        }
    }

    const auto started = std::chrono::steady_clock::now();
    pipeline::CompletedRun run;
    try {
        run = pipeline::run_scenario(spec, options);
    } catch (const std::exception& e) {
        if (bar) {
            bar->clear();
        }
        std::cerr << "lastmile: run failed: " << e.what() << '\n';
        return kRunFailed;
    }
    const double wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (bar) {
        bar->clear();
    }

    run.provenance.created_utc = utc_now_iso8601();
    run.provenance.wall_seconds = wall_seconds;
    try {
        output::write_run_file(output_path, run.provenance, run.records);
    } catch (const output::RunFileError& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return kRunFailed;
    }

    if (!args.quiet) {
        print_summary(stdout, spec, run.outcome, run.records, wall_seconds, output_path);
    }
    return kOk;
}

}  // namespace

Command add_run_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("run", "Run a scenario and write its results file (HDF5)");
    auto args = std::make_shared<RunArguments>();
    cmd->add_option("SCENARIO", args->scenario, "Scenario file (YAML)")->required();
    cmd->add_option("-o,--output", args->output,
                    "Results file to write (default: the scenario's name with .h5, here)");
    cmd->add_option("--seed", args->seed, "Master seed; overrides simulation.seed in the scenario")
        ->type_name("UINT64")
        ->check([](const std::string& text) -> std::string {
            return parse_seed(text)
                       ? ""
                       : "expected a whole number from 0 to 2^64-1, found '" + text + "'";
        });
    cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
    cmd->add_flag("--trace", args->trace,
                  "Also store the full event trace (/trace, about 30 bytes per event), so that "
                  "a replay names the first event that differs");
    return [args] { return run(*args); };
}

}  // namespace lastmile::cli
