// Fuzzes the results-file reader with the input as a results file, and then does with what it
// read what `replay`, `safety-case` and `export` do with a file sent from elsewhere: load the
// embedded scenario, list the timeline, and (for some inputs) build the safety-case page and
// the GeoJSON export.
// A file must be refused with RunFileError or InputError, or read and used; the GeoJSON made
// from it must be strict JSON (no NaN or infinities), checked with the program's own reader.
//
// Seeds are real results files: tools/fuzz.sh runs the scenarios listed in
// results_file.seeds to make them (results files are not kept in git).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <unistd.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/replay/timeline.hpp>
#include <lastmile/replay/verify.hpp>
#include <lastmile/report/geojson.hpp>
#include <lastmile/report/safety_case.hpp>

#include "fuzz_support.hpp"
#include "json_reader.hpp"

namespace {

/// One scratch file per fuzzing process: the HDF5 library reads files by name.
const std::filesystem::path& scratch_file() {
    static const std::filesystem::path path = [] {
        std::string name = (std::filesystem::temp_directory_path() / "lastmile-fuzz-XXXXXX.h5");
        const int fd = mkstemps(name.data(), 3);
        if (fd < 0) {
            lastmile::fuzz::finding("cannot make a scratch file");
        }
        close(fd);
        std::atexit([] { std::remove(scratch_file().c_str()); });
        return std::filesystem::path(name);
    }();
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        const auto run = lastmile::output::read_run_file(scratch_file());
        lastmile::fuzz::expect_success_or_input_error([&] {
            const auto spec = lastmile::replay::load_embedded_scenario(run.provenance);
            if (!run.records.trace.empty()) {
                // The first ten minutes: every event kind occurs, at a fraction of the cost.
                lastmile::replay::TimelineFilter window;
                window.to_s = 600;
                const auto shown = lastmile::replay::select(run.records, window);
                lastmile::replay::format_timeline(run.records, shown);
            }
            // The reports for one input in eight (chosen by its bytes, so reruns agree): they
            // cost ten times the reading, and a fast target reaches more of the reader.
            if (std::hash<std::string_view>{}(
                    std::string_view(reinterpret_cast<const char*>(data), size)) %
                    8 !=
                0) {
                return;
            }
            lastmile::report::SafetyCaseOptions small;
            small.max_incident_maps = 5;
            small.max_animation_points = 2'000;
            lastmile::report::safety_case_html(spec, run, small);
            const std::string geojson = lastmile::report::trajectories_geojson(spec, run.records);
            try {
                const lastmile::scenario::detail::JsonDocument check("export.geojson", geojson);
            } catch (const lastmile::scenario::InputError& e) {
                lastmile::fuzz::finding("the GeoJSON export is not strict JSON: " + e.report());
            }
        });
    } catch (const lastmile::output::RunFileError&) {
        // A refused file: what the commands report as unreadable input (exit 2).
    } catch (const std::exception& e) {
        lastmile::fuzz::finding(std::string("reading threw something other than RunFileError: ") +
                                e.what());
    }
    return 0;
}
