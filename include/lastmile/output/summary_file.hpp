#pragma once
/// The summary of a sweep (HDF5, `lastmile-sweep-summary`), documented in
/// docs/results-format.md: one row per run, and per-variant means, confidence intervals and
/// paired differences against the baseline variant, for every metric. Nothing in it depends
/// on when, where or how fast the runs ran, so an interrupted and resumed sweep, a sharded
/// one and an uninterrupted one have identical summaries.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lastmile::output {

inline constexpr const char* kSummaryFileFormat = "lastmile-sweep-summary";
inline constexpr std::int64_t kSummaryFileFormatVersion = 1;

struct SweepRunRecord {
    std::uint64_t run = 0;
    std::string variant;
    std::uint64_t replication = 0;
    std::uint64_t seed = 0;
    std::string digest;
    std::string file;        ///< the run's results file, relative to the sweep directory
    std::string parameters;  ///< its variant's, "key=value; key=value"
    // Key metrics (NaN when the run does not report them); every metric is in /metrics.
    double orders_delivered = 0;
    double delivery_time_mean_s = 0;
    double promise_met_fraction = 0;
    double owned_cost_per_delivery_usd = 0;
    double raas_cost_per_delivery_usd = 0;
};

struct SweepVariantRecord {
    std::string variant;
    std::string parameters;  ///< "key=value; key=value", as written in the sweep file
};

/// Every metric of every run, long format.
struct SweepMetricRecord {
    std::uint64_t run = 0;
    std::string variant;
    std::uint64_t replication = 0;
    std::string metric;
    double value = 0;
};

struct SweepAggregateRecord {
    std::string variant;
    std::string metric;
    std::uint64_t n = 0;
    double mean = 0;
    double ci_low = 0;  ///< 95 %, Student's t across replications
    double ci_high = 0;
};

/// variant minus baseline, replication by replication (common random numbers), and the same
/// difference treated as unpaired (Welch) to show what the pairing buys.
struct SweepDifferenceRecord {
    std::string variant;
    std::string metric;
    std::uint64_t n = 0;
    double mean_difference = 0;
    double paired_ci_low = 0;
    double paired_ci_high = 0;
    double unpaired_ci_low = 0;
    double unpaired_ci_high = 0;
};

struct SweepSummary {
    std::string name;
    std::uint64_t seed = 0;
    std::uint64_t replications = 0;
    std::string baseline;
    std::vector<SweepRunRecord> runs;
    std::vector<SweepVariantRecord> variants;
    std::vector<SweepMetricRecord> metrics;
    std::vector<SweepAggregateRecord> aggregates;
    std::vector<SweepDifferenceRecord> differences;
};

/// Atomically, like a run file. Throws RunFileError.
void write_summary_file(const std::filesystem::path& path, const SweepSummary& summary);
/// Throws RunFileError naming the file and what is wrong.
SweepSummary read_summary_file(const std::filesystem::path& path);

}  // namespace lastmile::output
