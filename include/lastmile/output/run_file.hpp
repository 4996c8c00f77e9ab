#pragma once
/// The results file of one run (HDF5). Layout, documented in docs/results-format.md:
///
///     /            attributes: format, format_version, lastmile_version, git_sha, seed,
///                  replication, created_utc, wall_seconds, event_digest, events_processed,
///                  scenario_name, duration_s
///     /scenario    text (the scenario file verbatim), attribute file; inputs/N (the files it
///                  references, attribute name); parameters (every number, resolved to SI)
///     /metrics     one scalar dataset per metric, attributes unit and description
///     /orders      compound table, one row per order; attribute units (one per column)
///
/// Files are written under a temporary name in the target's directory and renamed into place
/// only when complete, so a killed run never leaves a file that looks finished.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <lastmile/output/recorder.hpp>

namespace lastmile::output {

inline constexpr const char* kRunFileFormat = "lastmile-run";
/// 2: operations tables (/vehicles, /batteries, /flights, /trips, /depots, /timeseries) and the
/// extended /orders. 3: airspace: /safety, /segments and the airspace columns of /flights.
/// 4: /economics. 5: /flight_tracks and the optional /trace. Older versions are not read.
inline constexpr std::int64_t kRunFileFormatVersion = 5;

/// Where a run came from: enough to identify, trust and re-run it.
struct RunProvenance {
    std::string lastmile_version;
    std::string git_sha;
    std::string created_utc;  ///< ISO 8601, e.g. 2026-11-25T10:15:00Z
    double wall_seconds = 0;
    std::uint64_t seed = 0;
    std::uint64_t replication = 0;
    std::string event_digest;
    std::uint64_t events_processed = 0;
    std::string scenario_name;
    std::string scenario_file;
    std::string scenario_text;
    /// Files the scenario references (name as written, text): /scenario/inputs.
    std::vector<std::pair<std::string, std::string>> scenario_inputs;
    /// Every number of the scenario as the loader read it, in internal units.
    std::vector<ParameterRecord> scenario_parameters;
    double duration_s = 0;
};

struct RunFileContents {
    std::string format;
    std::int64_t format_version = 0;
    RunProvenance provenance;
    RunRecords records;
};

/// A results file that cannot be written (exit 1 territory) or read (bad input: exit 2).
class RunFileError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Writes the file atomically (temporary name, then rename). Throws RunFileError on failure,
/// leaving no file at `path` and no temporary file behind. Safe to call from several threads.
void write_run_file(const std::filesystem::path& path, const RunProvenance& provenance,
                    const RunRecords& records);

/// How much of a results file to read.
enum class RunFileParts {
    all,
    provenance,              ///< root attributes and /scenario only
    provenance_and_metrics,  ///< and /metrics
};

/// Reads a file written by write_run_file. Throws RunFileError naming the file and the dataset
/// or attribute at fault for anything else: not HDF5, another format, a newer version, missing
/// parts. Safe to call from several threads (HDF5 access is serialised inside).
RunFileContents read_run_file(const std::filesystem::path& path,
                              RunFileParts parts = RunFileParts::all);

}  // namespace lastmile::output
