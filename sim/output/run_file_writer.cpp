#include <algorithm>

#include <lastmile/output/run_file.hpp>

#include "atomic_file.hpp"
#include "h5.hpp"
#include "schemas.hpp"

namespace lastmile::output {
namespace {

void write_root_attributes(hid_t file, const RunProvenance& p) {
    h5::write_attribute(file, "format", std::string(kRunFileFormat));
    h5::write_attribute(file, "format_version", kRunFileFormatVersion);
    h5::write_attribute(file, "lastmile_version", p.lastmile_version);
    h5::write_attribute(file, "git_sha", p.git_sha);
    h5::write_attribute(file, "created_utc", p.created_utc);
    h5::write_attribute(file, "wall_seconds", p.wall_seconds);
    h5::write_attribute(file, "seed", p.seed);
    h5::write_attribute(file, "replication", p.replication);
    h5::write_attribute(file, "event_digest", p.event_digest);
    h5::write_attribute(file, "events_processed", p.events_processed);
    h5::write_attribute(file, "scenario_name", p.scenario_name);
    h5::write_attribute(file, "duration_s", p.duration_s);
}

void write_scenario(hid_t file, const RunProvenance& p) {
    h5::Id group = h5::group_create(file, "scenario");
    h5::write_string_dataset(group, "text", p.scenario_text);
    h5::write_attribute(group, "file", p.scenario_file);
    detail::write_table(group, "parameters", detail::parameter_schema(), p.scenario_parameters);
    if (!p.scenario_inputs.empty()) {
        h5::Id inputs = h5::group_create(group, "inputs", /*track_order=*/true);
        for (std::size_t i = 0; i < p.scenario_inputs.size(); ++i) {
            const std::string name = std::to_string(i);
            h5::write_string_dataset(inputs, name, p.scenario_inputs[i].second);
            h5::Id dataset = h5::dataset_open(inputs, name);
            h5::write_attribute(dataset, "name", p.scenario_inputs[i].first);
        }
    }
}

void write_metrics(hid_t file, const std::vector<Metric>& metrics) {
    h5::Id group = h5::group_create(file, "metrics", /*track_order=*/true);
    for (const auto& m : metrics) {
        h5::write_double_dataset(group, m.name, m.value);
        h5::Id dataset = h5::dataset_open(group, m.name);
        h5::write_attribute(dataset, "unit", m.unit);
        h5::write_attribute(dataset, "description", m.description);
    }
}

void write_tables(hid_t file, const RunRecords& r) {
    detail::write_table(file, "orders", detail::order_schema(), r.orders);
    {
        h5::Id orders = h5::dataset_open(file, "orders");
        std::vector<std::string> statuses(std::begin(kOrderStatusNames),
                                          std::end(kOrderStatusNames));
        h5::write_attribute(orders, "status_values", statuses);
    }
    detail::write_table(file, "vehicles", detail::vehicle_schema(), r.vehicles);
    detail::write_table(file, "batteries", detail::battery_schema(), r.batteries);
    detail::write_table(file, "flights", detail::flight_schema(), r.flights);
    detail::write_table(file, "flight_segments", detail::flight_segment_schema(),
                        r.flight_segments);
    detail::write_table(file, "flight_tracks", detail::flight_track_schema(), r.flight_tracks);
    detail::write_table(file, "safety", detail::safety_schema(), r.safety);
    detail::write_table(file, "segments", detail::segment_schema(), r.segments);
    detail::write_table(file, "trips", detail::trip_schema(), r.trips);
    detail::write_table(file, "depots", detail::depot_queue_schema(), r.depots);
    h5::Id series = h5::group_create(file, "timeseries");
    detail::write_table(series, "fleet", detail::fleet_sample_schema(), r.fleet_samples);
    detail::write_table(series, "depots", detail::depot_sample_schema(), r.depot_samples);
    if (!r.economics.empty()) {
        const auto& e = r.economics;
        h5::Id group = h5::group_create(file, "economics");
        detail::write_table(group, "summary", detail::cost_summary_schema(), e.summary);
        detail::write_table(group, "breakdown", detail::cost_line_schema(), e.breakdown);
        detail::write_table(group, "break_even_fees", detail::break_even_fee_schema(),
                            e.break_even_fees);
        detail::write_table(group, "sensitivity", detail::sensitivity_schema(), e.sensitivity);
        detail::write_table(group, "parameters", detail::economics_parameter_schema(),
                            e.parameters);
        detail::write_table(group, "volume", detail::volume_point_schema(), e.volume);
    }
    if (!r.trace.empty()) {
        h5::Id group = h5::group_create(file, "trace");
        detail::write_table(group, "kinds", detail::trace_kind_schema(), r.trace.kinds);
        detail::write_table(group, "events", detail::trace_event_schema(), r.trace.events);
    }
}

}  // namespace

void write_run_file(const std::filesystem::path& path, const RunProvenance& provenance,
                    const RunRecords& records) {
    detail::write_atomically(path, [&](hid_t file) {
        write_root_attributes(file, provenance);
        write_scenario(file, provenance);
        write_metrics(file, records.metrics);
        write_tables(file, records);
    });
}

}  // namespace lastmile::output
