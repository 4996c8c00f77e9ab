// `lastmile export RUN.h5 --geojson FILE`: a recorded run's flights, corridors, geofences,
// depots and safety events as GeoJSON for QGIS and kepler.gl.

#include <ctime>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include <lastmile/output/text_file.hpp>
#include <lastmile/report/geojson.hpp>

#include "commands.hpp"
#include "output_guard.hpp"
#include "recorded_run.hpp"

namespace lastmile::cli {
namespace {

struct ExportArguments {
    std::string file;
    std::string geojson;
    std::string epoch;
};

/// "2026-11-25T06:00:00Z" as Unix seconds.
std::optional<double> parse_utc(const std::string& text) {
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    return static_cast<double>(timegm(&tm));
}

int export_run(const ExportArguments& args) {
    const std::string& output_path = args.geojson;
    if (const auto refused = output_refusal(output_path, {args.file}); refused) {
        std::cerr << "lastmile: " << *refused << '\n';
        return kBadInput;
    }
    const auto recorded = read_recorded_run(args.file);
    if (!recorded) {
        return kBadInput;
    }
    const auto& [run, spec] = *recorded;
    report::GeoJsonOptions options;
    if (!args.epoch.empty()) {
        options.epoch_s = parse_utc(args.epoch);
    }
    try {
        output::write_text_file(args.geojson,
                                report::trajectories_geojson(spec, run.records, options));
    } catch (const output::RunFileError& e) {
        std::cerr << "lastmile: " << e.what() << '\n';
        return kRunFailed;
    }
    std::size_t legs = 0;
    for (std::size_t i = 0; i < run.records.flight_tracks.size(); ++i) {
        const auto& p = run.records.flight_tracks[i];
        legs += i == 0 || p.flight != run.records.flight_tracks[i - 1].flight ||
                        p.leg != run.records.flight_tracks[i - 1].leg
                    ? 1
                    : 0;
    }
    fmt::print("{}: {} flight legs, {} corridor segments, {} geofences, {} safety events\n",
               args.geojson, legs, spec.airspace.segments.size(), spec.airspace.geofences.size(),
               run.records.safety.size());
    return kOk;
}

}  // namespace

Command add_export_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("export", "Export a recorded run's geometry for GIS tools");
    auto args = std::make_shared<ExportArguments>();
    cmd->add_option("RUN", args->file, "Results file (HDF5) written by `lastmile run`")->required();
    cmd->add_option("--geojson", args->geojson,
                    "GeoJSON file to write: flight legs as LineStrings with the time of each "
                    "vertex (property times_s), corridors, geofences, depots, safety events")
        ->required();
    cmd->add_option("--epoch", args->epoch,
                    "UTC time of the run's start (2026-11-25T06:00:00Z): adds each vertex's Unix "
                    "time as a fourth coordinate, for kepler.gl's trip layer")
        ->check([](const std::string& text) -> std::string {
            return parse_utc(text)
                       ? ""
                       : "expected a UTC time like 2026-11-25T06:00:00Z, found '" + text + "'";
        });
    return [args] { return export_run(*args); };
}

}  // namespace lastmile::cli
