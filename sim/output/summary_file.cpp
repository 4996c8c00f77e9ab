#include <lastmile/output/run_file.hpp>
#include <lastmile/output/summary_file.hpp>
#include <lastmile/scenario/input_file.hpp>

#include "atomic_file.hpp"
#include "h5.hpp"
#include "table.hpp"

namespace lastmile::output {
namespace {

using detail::f64;
using detail::Kind;
using detail::Schema;
using detail::text;
using detail::u64;

const Schema<SweepRunRecord>& run_schema() {
    using R = SweepRunRecord;
    static const Schema<R> schema{
        u64("run", "1", &R::run),
        text("variant", &R::variant),
        u64("replication", "1", &R::replication),
        u64("seed", "1", &R::seed),
        text("digest", &R::digest),
        text("file", &R::file, Kind::long_text),
        text("parameters", &R::parameters, Kind::long_text),
        f64("orders_delivered", "1", &R::orders_delivered),
        f64("delivery_time_mean_s", "s", &R::delivery_time_mean_s),
        f64("promise_met_fraction", "1", &R::promise_met_fraction),
        f64("owned_cost_per_delivery_usd", "USD", &R::owned_cost_per_delivery_usd),
        f64("raas_cost_per_delivery_usd", "USD", &R::raas_cost_per_delivery_usd),
    };
    return schema;
}

const Schema<SweepVariantRecord>& variant_schema() {
    using R = SweepVariantRecord;
    static const Schema<R> schema{
        text("variant", &R::variant),
        text("parameters", &R::parameters, Kind::long_text),
    };
    return schema;
}

const Schema<SweepMetricRecord>& metric_schema() {
    using R = SweepMetricRecord;
    static const Schema<R> schema{
        u64("run", "1", &R::run),
        text("variant", &R::variant),
        u64("replication", "1", &R::replication),
        text("metric", &R::metric, Kind::long_text),
        f64("value", "see /metrics of the run", &R::value),
    };
    return schema;
}

const Schema<SweepAggregateRecord>& aggregate_schema() {
    using R = SweepAggregateRecord;
    static const Schema<R> schema{
        text("variant", &R::variant),
        text("metric", &R::metric, Kind::long_text),
        u64("n", "1", &R::n),
        f64("mean", "of the metric", &R::mean),
        f64("ci_low", "of the metric", &R::ci_low),
        f64("ci_high", "of the metric", &R::ci_high),
    };
    return schema;
}

const Schema<SweepDifferenceRecord>& difference_schema() {
    using R = SweepDifferenceRecord;
    static const Schema<R> schema{
        text("variant", &R::variant),
        text("metric", &R::metric, Kind::long_text),
        u64("n", "1", &R::n),
        f64("mean_difference", "of the metric", &R::mean_difference),
        f64("paired_ci_low", "of the metric", &R::paired_ci_low),
        f64("paired_ci_high", "of the metric", &R::paired_ci_high),
        f64("unpaired_ci_low", "of the metric", &R::unpaired_ci_low),
        f64("unpaired_ci_high", "of the metric", &R::unpaired_ci_high),
    };
    return schema;
}

}  // namespace

void write_summary_file(const std::filesystem::path& path, const SweepSummary& s) {
    detail::write_atomically(path, [&](hid_t file) {
        h5::write_attribute(file, "format", std::string(kSummaryFileFormat));
        h5::write_attribute(file, "format_version", kSummaryFileFormatVersion);
        h5::write_attribute(file, "sweep_name", s.name);
        h5::write_attribute(file, "seed", s.seed);
        h5::write_attribute(file, "replications", s.replications);
        h5::write_attribute(file, "baseline", s.baseline);
        detail::write_table(file, "runs", run_schema(), s.runs);
        detail::write_table(file, "variants", variant_schema(), s.variants);
        detail::write_table(file, "metrics", metric_schema(), s.metrics);
        detail::write_table(file, "aggregates", aggregate_schema(), s.aggregates);
        detail::write_table(file, "differences", difference_schema(), s.differences);
    });
}

SweepSummary read_summary_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    const std::lock_guard guard(h5::library_lock());
    h5::silence_library_errors();
    if (const auto refused = scenario::special_file_refusal(path, "a sweep summary (HDF5)")) {
        throw RunFileError(name + ": " + *refused);
    }
    if (H5Fis_hdf5(name.c_str()) <= 0) {
        throw RunFileError(name + ": not an HDF5 file (or it cannot be read)");
    }
    try {
        h5::Id file = h5::file_open_read(name);
        if (!h5::has_attribute(file, "format") ||
            h5::read_string_attribute(file, "format") != kSummaryFileFormat) {
            throw RunFileError("/ attribute format: not a LastMile sweep summary");
        }
        if (h5::read_int64_attribute(file, "format_version") != kSummaryFileFormatVersion) {
            throw RunFileError("/ attribute format_version: expected " +
                               std::to_string(kSummaryFileFormatVersion));
        }
        SweepSummary s;
        s.name = h5::read_string_attribute(file, "sweep_name");
        s.seed = h5::read_uint64_attribute(file, "seed");
        s.replications = h5::read_uint64_attribute(file, "replications");
        s.baseline = h5::read_string_attribute(file, "baseline");
        s.runs = detail::read_table(file, "runs", run_schema());
        s.variants = detail::read_table(file, "variants", variant_schema());
        s.metrics = detail::read_table(file, "metrics", metric_schema());
        s.aggregates = detail::read_table(file, "aggregates", aggregate_schema());
        s.differences = detail::read_table(file, "differences", difference_schema());
        return s;
    } catch (const RunFileError& e) {
        throw RunFileError(name + ": " + e.what());
    } catch (const std::exception& e) {
        throw RunFileError(name + ": " + e.what());
    }
}

}  // namespace lastmile::output
