#include <filesystem>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/input_file.hpp>

#include "h5.hpp"
#include "schemas.hpp"

namespace lastmile::output {
namespace {

RunProvenance read_provenance(hid_t file) {
    RunProvenance p;
    p.lastmile_version = h5::read_string_attribute(file, "lastmile_version");
    p.git_sha = h5::read_string_attribute(file, "git_sha");
    p.created_utc = h5::read_string_attribute(file, "created_utc");
    p.wall_seconds = h5::read_double_attribute(file, "wall_seconds");
    p.seed = h5::read_uint64_attribute(file, "seed");
    p.replication = h5::read_uint64_attribute(file, "replication");
    p.event_digest = h5::read_string_attribute(file, "event_digest");
    p.events_processed = h5::read_uint64_attribute(file, "events_processed");
    p.scenario_name = h5::read_string_attribute(file, "scenario_name");
    p.duration_s = h5::read_double_attribute(file, "duration_s");
    h5::Id scenario = h5::group_open(file, "scenario");
    p.scenario_text = h5::read_string_dataset(scenario, "text");
    p.scenario_file = h5::read_string_attribute(scenario, "file");
    p.scenario_parameters = detail::read_table(scenario, "parameters", detail::parameter_schema());
    if (h5::exists(scenario, "inputs")) {
        h5::Id inputs = h5::group_open(scenario, "inputs");
        for (std::size_t i = 0; h5::exists(inputs, std::to_string(i)); ++i) {
            const std::string name = std::to_string(i);
            h5::Id dataset = h5::dataset_open(inputs, name);
            p.scenario_inputs.emplace_back(h5::read_string_attribute(dataset, "name"),
                                           h5::read_string_dataset(inputs, name));
        }
    }
    return p;
}

std::vector<Metric> read_metrics(hid_t file) {
    h5::Id group = h5::group_open(file, "metrics");
    std::vector<Metric> metrics;
    for (const auto& name : h5::member_names(group)) {
        Metric m;
        m.name = name;
        m.value = h5::read_double_dataset(group, name);
        h5::Id dataset = h5::dataset_open(group, name);
        m.unit = h5::read_string_attribute(dataset, "unit");
        m.description = h5::read_string_attribute(dataset, "description");
        metrics.push_back(std::move(m));
    }
    return metrics;
}

void read_tables(hid_t file, RunRecords& r) {
    r.orders = detail::read_table(file, "orders", detail::order_schema());
    r.vehicles = detail::read_table(file, "vehicles", detail::vehicle_schema());
    r.batteries = detail::read_table(file, "batteries", detail::battery_schema());
    r.flights = detail::read_table(file, "flights", detail::flight_schema());
    r.flight_segments =
        detail::read_table(file, "flight_segments", detail::flight_segment_schema());
    r.flight_tracks = detail::read_table(file, "flight_tracks", detail::flight_track_schema());
    r.safety = detail::read_table(file, "safety", detail::safety_schema());
    r.segments = detail::read_table(file, "segments", detail::segment_schema());
    r.trips = detail::read_table(file, "trips", detail::trip_schema());
    r.depots = detail::read_table(file, "depots", detail::depot_queue_schema());
    h5::Id series = h5::group_open(file, "timeseries");
    r.fleet_samples = detail::read_table(series, "fleet", detail::fleet_sample_schema());
    r.depot_samples = detail::read_table(series, "depots", detail::depot_sample_schema());
    if (h5::exists(file, "economics")) {
        auto& e = r.economics;
        h5::Id group = h5::group_open(file, "economics");
        e.summary = detail::read_table(group, "summary", detail::cost_summary_schema());
        e.breakdown = detail::read_table(group, "breakdown", detail::cost_line_schema());
        e.break_even_fees =
            detail::read_table(group, "break_even_fees", detail::break_even_fee_schema());
        e.sensitivity = detail::read_table(group, "sensitivity", detail::sensitivity_schema());
        e.parameters =
            detail::read_table(group, "parameters", detail::economics_parameter_schema());
        e.volume = detail::read_table(group, "volume", detail::volume_point_schema());
    }
    if (h5::exists(file, "trace")) {
        h5::Id group = h5::group_open(file, "trace");
        r.trace.kinds = detail::read_table(group, "kinds", detail::trace_kind_schema());
        r.trace.events = detail::read_table(group, "events", detail::trace_event_schema());
    }
}

}  // namespace

RunFileContents read_run_file(const std::filesystem::path& path, RunFileParts parts) {
    const std::string name = path.string();
    const std::lock_guard guard(h5::library_lock());
    h5::silence_library_errors();
    std::error_code ec;
    // HDF5 opens the file itself: a FIFO or a device must be refused before it tries.
    if (const auto refused = scenario::special_file_refusal(path, "a results file (HDF5)")) {
        throw RunFileError(name + ": " + *refused);
    }
    if (!std::filesystem::exists(path, ec)) {
        throw RunFileError(name + ": no such file");
    }
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0) {
        throw RunFileError(name + ": the file is empty, expected a results file (HDF5)");
    }
    if (H5Fis_hdf5(name.c_str()) <= 0) {
        throw RunFileError(name + ": not an HDF5 file (or it cannot be read)");
    }
    try {
        h5::Id file = h5::file_open_read(name);
        RunFileContents contents;
        if (!h5::has_attribute(file, "format")) {
            throw RunFileError("/ has no 'format' attribute: not a LastMile results file");
        }
        contents.format = h5::read_string_attribute(file, "format");
        if (contents.format != kRunFileFormat) {
            throw RunFileError("/ attribute format: expected '" + std::string(kRunFileFormat) +
                               "', found '" + contents.format + "'");
        }
        contents.format_version = h5::read_int64_attribute(file, "format_version");
        if (contents.format_version > kRunFileFormatVersion) {
            throw RunFileError("/ attribute format_version: the file is version " +
                               std::to_string(contents.format_version) +
                               ", newer than the version " + std::to_string(kRunFileFormatVersion) +
                               " this lastmile reads; use a newer lastmile");
        }
        if (contents.format_version < kRunFileFormatVersion) {
            throw RunFileError("/ attribute format_version: the file is version " +
                               std::to_string(contents.format_version) +
                               ", written by an older lastmile; "
                               "re-run its scenario (stored in /scenario/text) to get version " +
                               std::to_string(kRunFileFormatVersion));
        }
        contents.provenance = read_provenance(file);
        if (parts != RunFileParts::provenance) {
            contents.records.metrics = read_metrics(file);
        }
        if (parts == RunFileParts::all) {
            read_tables(file, contents.records);
        }
        return contents;
    } catch (const RunFileError& e) {
        throw RunFileError(name + ": " + e.what());
    } catch (const h5::Error& e) {
        throw RunFileError(name + ": " + e.what());
    }
}

}  // namespace lastmile::output
