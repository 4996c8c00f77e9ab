// Replaying a results file from the file alone: identical when nothing changed, and the first
// difference named when the embedded scenario or the results were edited.

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/replay/verify.hpp>
#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/loader.hpp>

#include "support/corridor_scenario.hpp"

using namespace lastmile;
namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path dir = fs::temp_directory_path() / ("lastmile-replay-" + std::to_string(::getpid()));
    Scratch() { fs::create_directories(dir); }
    ~Scratch() { fs::remove_all(dir); }
};

/// Runs a scenario and writes its results file as `lastmile run` does (`--trace` too).
void record(const scenario::ScenarioSpec& spec, const fs::path& out, bool trace = false) {
    model::RunOptions options;
    options.trace = trace;
    const auto run = pipeline::run_scenario(spec, options);
    output::write_run_file(out, run.provenance, run.records);
}

replay::Verification verify_file(const fs::path& file) {
    return replay::verify(output::read_run_file(file));
}

/// Overwrites a scalar dataset in place with the HDF5 C API, as an editor would.
void edit_string(const fs::path& file, const char* dataset, const std::string& text) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    const hid_t type = H5Dget_type(d);
    const char* data = text.c_str();
    REQUIRE(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &data) >= 0);
    H5Tclose(type);
    H5Dclose(d);
    H5Fclose(f);
}

/// Overwrites one field of one row of a compound table in place.
void edit_table_double(const fs::path& file, const char* dataset, const char* field, hsize_t row,
                       double value) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    REQUIRE(d >= 0);
    const hid_t memory = H5Tcreate(H5T_COMPOUND, sizeof(double));
    H5Tinsert(memory, field, 0, H5T_NATIVE_DOUBLE);
    const hid_t space = H5Dget_space(d);
    const hsize_t count = 1;
    H5Sselect_hyperslab(space, H5S_SELECT_SET, &row, nullptr, &count, nullptr);
    const hid_t one = H5Screate_simple(1, &count, nullptr);
    REQUIRE(H5Dwrite(d, memory, one, space, H5P_DEFAULT, &value) >= 0);
    H5Sclose(one);
    H5Sclose(space);
    H5Tclose(memory);
    H5Dclose(d);
    H5Fclose(f);
}

void edit_double(const fs::path& file, const char* dataset, double value) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
    REQUIRE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) >= 0);
    H5Dclose(d);
    H5Fclose(f);
}

}  // namespace

TEST_CASE("every shipped scenario's result replays identically", "[replay]") {
    Scratch s;
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(LASTMILE_SOURCE_DIR "/scenarios")) {
        // The metro benchmark takes a minute to record and replay here, and several under the
        // sanitizers: .ci/run records and replays it with the release build instead.
        if (entry.path().extension() != ".yaml" || entry.path().stem() == "metro") {
            continue;
        }
        INFO(entry.path());
        const auto out = s.dir / (entry.path().stem().string() + ".h5");
        record(scenario::load_scenario_file(entry.path()), out);
        const auto v = verify_file(out);
        CHECK(v.identical());
        CHECK(v.replayed_digest == v.recorded_digest);
        ++checked;
    }
    CHECK(checked >= 5);
}

TEST_CASE("a replay needs nothing but the file: referenced inputs are embedded", "[replay]") {
    Scratch s;
    std::ofstream(s.dir / "orders.csv") << "id,time,lat,lon,weight,promise\no1,0,50.01,8.0,1,\n"
                                           "o2,60,50.01,8.0,1,\n";
    std::ofstream(s.dir / "s.yaml") << testing::corridor_scenario("orders.csv", 2, 1);
    const auto spec = scenario::load_scenario_file(s.dir / "s.yaml");
    REQUIRE(spec.inputs.size() == 1);
    CHECK(spec.inputs[0].name == "orders.csv");
    record(spec, s.dir / "run.h5");
    fs::remove(s.dir / "orders.csv");
    fs::remove(s.dir / "s.yaml");
    CHECK(verify_file(s.dir / "run.h5").identical());
}

TEST_CASE("edits after the run are found, and the first difference named", "[replay]") {
    Scratch s;
    const auto spec =
        scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/quickstart.yaml");
    const auto original = s.dir / "run.h5";
    record(spec, original);
    REQUIRE(verify_file(original).identical());

    SECTION("one byte of the embedded scenario") {
        std::string text = spec.source_text;
        const auto at = text.find("count: 6");
        REQUIRE(at != std::string::npos);
        text[at + 7] = '5';  // six drones become five
        edit_string(original, "/scenario/text", text);
        const auto v = verify_file(original);
        CHECK_FALSE(v.identical());
        CHECK(v.replayed_digest != v.recorded_digest);
        REQUIRE(v.first_difference.has_value());
        CHECK_THAT(*v.first_difference, Catch::Contains("/metrics/drones: 6 in the file, 5 now"));
    }
    SECTION("a byte that breaks the embedded scenario") {
        std::string text = spec.source_text;
        text[text.find("schema: 1") + 8] = 'x';
        edit_string(original, "/scenario/text", text);
        CHECK_THROWS_AS(verify_file(original), scenario::InputError);
    }
    SECTION("a result") {
        edit_double(original, "/metrics/orders_delivered", 1000);
        const auto v = verify_file(original);
        CHECK(v.replayed_digest == v.recorded_digest);  // the run itself is the same
        REQUIRE(v.first_difference.has_value());
        CHECK_THAT(*v.first_difference,
                   Catch::Contains("/metrics/orders_delivered: 1000 in the file"));
    }
}

TEST_CASE("a traced run replays event by event, and the first differing event is named",
          "[replay][trace]") {
    Scratch s;
    const auto spec =
        scenario::load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml");
    const auto file = s.dir / "traced.h5";
    record(spec, file, /*trace=*/true);
    const auto contents = output::read_run_file(file);
    const auto& trace = contents.records.trace;
    REQUIRE_FALSE(trace.empty());
    // Every processed event is in the trace, in processing (so time) order.
    CHECK(trace.events.size() == contents.provenance.events_processed);
    CHECK(std::is_sorted(trace.events.begin(), trace.events.end(),
                         [](const auto& a, const auto& b) { return a.time_s < b.time_s; }));

    const auto v = verify_file(file);
    CHECK(v.traced);
    CHECK(v.identical());

    SECTION("an event's time edited in the file") {
        const std::size_t row = trace.events.size() / 2;
        const double later = trace.events[row].time_s + 0.001;
        edit_table_double(file, "/trace/events", "time_s", row, later);
        const auto edited = verify_file(file);
        CHECK_FALSE(edited.identical());
        CHECK(edited.replayed_digest == edited.recorded_digest);  // the replay itself agrees
        REQUIRE(edited.first_difference.has_value());
        CHECK_THAT(*edited.first_difference,
                   Catch::StartsWith("/trace event " + std::to_string(row) + ": "));
        CHECK_THAT(*edited.first_difference, Catch::Contains("in the file; "));
    }
}

TEST_CASE("first_trace_difference names time, kind and entities of both runs", "[replay][trace]") {
    output::TraceRecords a;
    a.kinds = {{"drone.takeoff", "vehicle", "order"}, {"vehicle.charge", "vehicle", ""}};
    a.events = {{1.0, 0, 3, 17}, {2.5, 1, 3, 0}};
    output::TraceRecords b = a;
    CHECK_FALSE(replay::first_trace_difference(a, b).has_value());

    // Kind numbering is registration order: the same kinds numbered otherwise are equal.
    output::TraceRecords renumbered;
    renumbered.kinds = {a.kinds[1], a.kinds[0]};
    renumbered.events = {{1.0, 1, 3, 17}, {2.5, 0, 3, 0}};
    CHECK_FALSE(replay::first_trace_difference(a, renumbered).has_value());

    b.events[1].object = 4;
    b.events[1].time_s = 2.75;
    const auto d = replay::first_trace_difference(a, b);
    REQUIRE(d.has_value());
    CHECK(*d ==
          "/trace event 1: 00:00:02.500 vehicle.charge  vehicle 3 in the file; "
          "00:00:02.750 vehicle.charge  vehicle 3  id 4 now");

    b = a;
    b.events.pop_back();
    CHECK_THAT(*replay::first_trace_difference(a, b),
               Catch::Contains("in the file; the replay has no more events"));
    CHECK_THAT(*replay::first_trace_difference(b, a), Catch::Contains("the file's trace ends"));
}
