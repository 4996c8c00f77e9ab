// `lastmile replay RUN.h5 --verify | --timeline`: re-run a recorded run from its results file
// alone and say whether it reproduces (exit 0 identical, 1 different, 2 the file cannot be
// read), or print its events as a timeline, narrowed by time, vehicle, order or incident.

#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include <lastmile/replay/timeline.hpp>
#include <lastmile/replay/verify.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/units.hpp>

#include "commands.hpp"
#include "recorded_run.hpp"

namespace lastmile::cli {
namespace {

struct ReplayArguments {
    std::string file;
    bool verify = false;
    bool timeline = false;
    std::string from;
    std::string to;
    std::optional<std::uint64_t> vehicle;
    std::optional<std::uint64_t> order;
    std::optional<std::size_t> incident;
    std::string margin = "60 s";
};

/// A time on the command line: seconds, or a quantity with a unit ("90 min", "1.5 h").
std::optional<double> parse_time(const std::string& text) {
    double value = 0;
    scenario::QuantityError error;
    if (scenario::parse_quantity(text, scenario::Dimension::duration, value, error)) {
        return value;
    }
    std::size_t used = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return used == text.size() && std::isfinite(value) ? std::optional(value) : std::nullopt;
}

CLI::Validator time_validator() {
    return CLI::Validator(
        [](const std::string& text) -> std::string {
            return parse_time(text) ? ""
                                    : "expected a time in seconds or with a unit ('90 s', "
                                      "'12 min', '1.5 h'), found '" +
                                          text + "'";
        },
        "TIME");
}

int verify(const output::RunFileContents& contents) {
    replay::Verification v;
    try {
        v = replay::verify(contents);
    } catch (const std::exception& e) {
        fmt::print("different  the replay failed: {}\n", e.what());
        return kRunFailed;
    }
    if (v.identical()) {
        fmt::print("identical  digest {} · {} events{} · metrics and every table equal\n",
                   v.replayed_digest, v.events, v.traced ? ", each equal to the trace" : "");
        return kOk;
    }
    fmt::print("different  digest {} in the file, {} replayed\n", v.recorded_digest,
               v.replayed_digest);
    fmt::print("first      {}\n", v.first_difference.value_or("the event digest"));
    return kRunFailed;
}

/// The file's trace, or, when it has none, the trace of a replay whose digest matches it.
bool ensure_trace(output::RunFileContents& contents, const std::string& file) {
    if (!contents.records.trace.empty()) {
        return true;
    }
    const auto& p = contents.provenance;
    replay::Resimulation again = replay::resimulate(p, /*trace=*/true);
    if (again.digest != p.event_digest) {
        fmt::print(stderr,
                   "lastmile: the file has no trace, and re-running it gives digest {}, not the "
                   "file's {}: run `lastmile replay {} --verify` to see where it differs\n",
                   again.digest, p.event_digest, file);
        return false;
    }
    contents.records.trace = std::move(again.records.trace);
    fmt::print("# the file has no trace: re-simulated it (digest {} matches)\n", again.digest);
    return true;
}

int timeline(const ReplayArguments& args, output::RunFileContents& contents) {
    replay::TimelineFilter filter;
    if (args.incident) {
        try {
            filter =
                replay::incident_window(contents.records, *args.incident, *parse_time(args.margin));
        } catch (const std::out_of_range& e) {
            std::cerr << "lastmile: --incident " << *args.incident << ": " << e.what() << '\n';
            return kBadInput;
        }
    }
    if (!args.from.empty()) {
        filter.from_s = parse_time(args.from);
    }
    if (!args.to.empty()) {
        filter.to_s = parse_time(args.to);
    }
    filter.vehicle = args.vehicle;
    filter.order = args.order;
    // The embedded scenario loaded (read_recorded_run): only the run itself can fail here.
    try {
        if (!ensure_trace(contents, args.file)) {
            return kRunFailed;
        }
    } catch (const std::exception& e) {
        std::cerr << "lastmile: the replay failed: " << e.what() << '\n';
        return kRunFailed;
    }
    if (args.incident) {
        const auto& s = contents.records.safety[*args.incident];
        fmt::print("# safety event {} at {}: {}\n", *args.incident, replay::clock_time(s.time_s),
                   replay::describe_safety(s));
    }
    const auto t = replay::select(contents.records, filter);
    fmt::print("{}", replay::format_timeline(contents.records, t));
    fmt::print("# {} events, {} safety events\n", t.events.size(), t.safety.size());
    return kOk;
}

int replay(ReplayArguments& args) {
    if (!args.verify && !args.timeline) {
        std::cerr << "lastmile replay: say what to do: --verify or --timeline\n";
        return kBadInput;
    }
    // The file read and its embedded scenario and inputs loaded, as for every command that
    // reads a recorded run: either failing is bad input (exit 2), never "different".
    auto recorded = read_recorded_run(args.file);
    if (!recorded) {
        return kBadInput;
    }
    return args.verify ? verify(recorded->run) : timeline(args, recorded->run);
}

}  // namespace

Command add_replay_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("replay", "Re-run a recorded run from its results file");
    auto args = std::make_shared<ReplayArguments>();
    cmd->add_option("RUN", args->file, "Results file (HDF5) written by `lastmile run`")->required();
    auto* verify = cmd->add_flag(
        "--verify", args->verify,
        "Re-simulate from the file alone and compare trace, digest, metrics and tables "
        "(exit 0 identical, 1 different, 2 unreadable)");
    auto* timeline = cmd->add_flag("--timeline", args->timeline,
                                   "Print the run's events (and safety events) in time order");
    verify->excludes(timeline);
    const std::string narrowing = "Narrowing --timeline";
    cmd->add_option("--from", args->from, "Only events at or after this time ('90 min')")
        ->check(time_validator())
        ->needs(timeline)
        ->group(narrowing);
    cmd->add_option("--to", args->to, "Only events at or before this time")
        ->check(time_validator())
        ->needs(timeline)
        ->group(narrowing);
    cmd->add_option("--vehicle", args->vehicle,
                    "Only events of this vehicle (its row in /vehicles), its flights included")
        ->needs(timeline)
        ->group(narrowing);
    cmd->add_option("--order", args->order, "Only events of this order (its id in /orders)")
        ->needs(timeline)
        ->group(narrowing);
    cmd->add_option("--incident", args->incident,
                    "Only the window around safety event K (its row in /safety)")
        ->needs(timeline)
        ->group(narrowing);
    cmd->add_option("--margin", args->margin,
                    "How far either side of --incident the window reaches (default 60 s)")
        ->check(time_validator())
        ->needs(timeline)
        ->group(narrowing);
    return [args] { return replay(*args); };
}

}  // namespace lastmile::cli
