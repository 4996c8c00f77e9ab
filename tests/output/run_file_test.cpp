#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/scenario/loader.hpp>

using namespace lastmile::output;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir() {
    const fs::path dir =
        fs::temp_directory_path() / ("lastmile-output-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

RunProvenance sample_provenance() {
    RunProvenance p;
    p.lastmile_version = "9.8.7";
    p.git_sha = "abc123";
    p.created_utc = "2026-11-25T10:00:00Z";
    p.wall_seconds = 1.25;
    p.seed = 18446744073709551615ULL;  // the largest seed survives the round trip
    p.replication = 3;
    p.event_digest = "0123456789abcdef";
    p.events_processed = 123456;
    p.scenario_name = "round-trip";
    p.scenario_file = "scenarios/x.yaml";
    p.scenario_text = "schema: 1\nname: \"ünïcode ✓\"\n";
    p.duration_s = 3600;
    return p;
}

RunRecords sample_records(std::size_t n) {
    RunRecords r;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < n; ++i) {
        OrderRecord o;
        o.id = i;
        o.created_s = 1.5 * static_cast<double>(i);
        o.dispatched_s = i % 3 == 0 ? nan : o.created_s + 10;
        o.delivered_s = i % 3 == 0 ? nan : o.created_s + 600.25;
        o.depot = static_cast<std::int32_t>(i % 2);
        o.vehicle = i % 3 == 0 ? -1 : static_cast<std::int32_t>(i % 7);
        o.zone = static_cast<std::int32_t>(i % 5) - 1;
        o.mode = static_cast<Mode>(i % 3);
        o.promise_s = i % 4 == 0 ? nan : 1800.0;
        o.wait_s = i % 3 == 0 ? nan : 10.0;
        o.promise_met = static_cast<std::int8_t>(static_cast<int>(i % 3) - 1);
        o.weight_kg = 0.1 * static_cast<double>(i % 30);
        o.distance_m = 100.0 * static_cast<double>(i);
        o.energy_wh = 0.5 * static_cast<double>(i);
        o.status = static_cast<OrderStatus>(i % std::size(kOrderStatusNames));
        r.orders.push_back(o);
    }
    VehicleRecord v;
    v.index = 3;
    v.mode = Mode::robot;
    v.state_s[2] = 77.5;
    v.battery_cycles = 1.25;
    r.vehicles = {v};
    r.batteries = {BatteryRecord{4, 1, -1, 123.5, 0.5, 2}};
    r.flights = {FlightRecord{9, 3, 12, 0, 1, 10.5, 99.25, 2500, 31.5, 0, 4.5, 1, "lost_link"}};
    r.trips = {TripRecord{2, 1, 0, -1, 1, 5, 6, 700, 3, 28}};
    r.depots = {DepotQueueRecord{1, "charged_packs", 6, 40, 7, 12.5, 90, 0.25, 3, nan}};
    FleetSample sample;
    sample.time_s = 300;
    sample.vehicles[0] = 5;
    sample.backlog = 2;
    r.fleet_samples = {sample};
    r.depot_samples = {DepotSample{300, 1, 2, 0, 3, 1, 0, 0, 4, 2}};
    r.metrics = {{"zeta_first", 1.5, "s", "created first, named last"},
                 {"alpha_second", 42, "1", "a count"},
                 {"energy_wh", 12.25, "Wh", "energy"}};
    return r;
}

}  // namespace

TEST_CASE("a results file reads back exactly what was written", "[output][hdf5]") {
    const auto dir = scratch_dir();
    const auto path = dir / "run.h5";
    const auto provenance = sample_provenance();
    const auto records = sample_records(40000);  // several chunks
    write_run_file(path, provenance, records);

    const auto back = read_run_file(path);
    CHECK(back.format == "lastmile-run");
    CHECK(back.format_version == kRunFileFormatVersion);
    CHECK(back.provenance.lastmile_version == provenance.lastmile_version);
    CHECK(back.provenance.git_sha == provenance.git_sha);
    CHECK(back.provenance.created_utc == provenance.created_utc);
    CHECK(back.provenance.wall_seconds == provenance.wall_seconds);
    CHECK(back.provenance.seed == provenance.seed);
    CHECK(back.provenance.replication == provenance.replication);
    CHECK(back.provenance.event_digest == provenance.event_digest);
    CHECK(back.provenance.events_processed == provenance.events_processed);
    CHECK(back.provenance.scenario_name == provenance.scenario_name);
    CHECK(back.provenance.scenario_file == provenance.scenario_file);
    CHECK(back.provenance.scenario_text == provenance.scenario_text);
    CHECK(back.provenance.duration_s == provenance.duration_s);

    // Metrics come back in the order they were written, with units and descriptions.
    REQUIRE(back.records.metrics.size() == 3);
    CHECK(back.records.metrics[0].name == "zeta_first");
    CHECK(back.records.metrics[1].name == "alpha_second");
    CHECK(back.records.metrics[1].value == 42);
    CHECK(back.records.metrics[2].unit == "Wh");
    CHECK(back.records.metrics[0].description == "created first, named last");

    REQUIRE(back.records.orders.size() == records.orders.size());
    for (std::size_t i = 0; i < records.orders.size(); ++i) {
        const auto& a = records.orders[i];
        const auto& b = back.records.orders[i];
        INFO("row " << i);
        REQUIRE(b.id == a.id);
        REQUIRE(b.created_s == a.created_s);
        REQUIRE((b.dispatched_s == a.dispatched_s ||
                 (std::isnan(a.dispatched_s) && std::isnan(b.dispatched_s))));
        REQUIRE((b.delivered_s == a.delivered_s ||
                 (std::isnan(a.delivered_s) && std::isnan(b.delivered_s))));
        REQUIRE(b.depot == a.depot);
        REQUIRE(b.vehicle == a.vehicle);
        REQUIRE(b.zone == a.zone);
        REQUIRE(b.mode == a.mode);
        REQUIRE(b.promise_met == a.promise_met);
        REQUIRE(
            (b.promise_s == a.promise_s || (std::isnan(a.promise_s) && std::isnan(b.promise_s))));
        REQUIRE(b.weight_kg == a.weight_kg);
        REQUIRE(b.distance_m == a.distance_m);
        REQUIRE(b.energy_wh == a.energy_wh);
        REQUIRE(b.status == a.status);
    }
    // Every other table comes back too.
    REQUIRE(back.records.vehicles.size() == 1);
    CHECK(back.records.vehicles[0].index == 3);
    CHECK(back.records.vehicles[0].mode == Mode::robot);
    CHECK(back.records.vehicles[0].state_s[2] == 77.5);
    CHECK(back.records.vehicles[0].battery_cycles == 1.25);
    REQUIRE(back.records.batteries.size() == 1);
    CHECK(back.records.batteries[0].vehicle == -1);
    CHECK(back.records.batteries[0].discharged_wh == 123.5);
    REQUIRE(back.records.flights.size() == 1);
    CHECK(back.records.flights[0].end_s == 99.25);
    CHECK(back.records.flights[0].leg == 1);
    REQUIRE(back.records.trips.size() == 1);
    CHECK(back.records.trips[0].order == -1);
    CHECK(back.records.trips[0].crossings == 3);
    REQUIRE(back.records.depots.size() == 1);
    CHECK(back.records.depots[0].resource == "charged_packs");
    CHECK(std::isnan(back.records.depots[0].utilisation));
    CHECK(back.records.depots[0].max_queue == 3);
    REQUIRE(back.records.fleet_samples.size() == 1);
    CHECK(back.records.fleet_samples[0].vehicles[0] == 5);
    CHECK(back.records.fleet_samples[0].backlog == 2);
    REQUIRE(back.records.depot_samples.size() == 1);
    CHECK(back.records.depot_samples[0].packs_in_stock == 4);

    // The tables are stored compressed, with the filters every HDF5 reader has (shuffle, then
    // deflate): the chunks are compressed by our writer, so nothing but the library checks
    // that they decode, which the read above did.
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    const hid_t orders = H5Dopen2(file, "/orders", H5P_DEFAULT);
    REQUIRE(orders >= 0);
    const hid_t type = H5Dget_type(orders);
    const double raw_bytes = static_cast<double>(H5Tget_size(type)) * 40000.0;
    CHECK(static_cast<double>(H5Dget_storage_size(orders)) < raw_bytes / 3);
    const hid_t creation = H5Dget_create_plist(orders);
    REQUIRE(H5Pget_nfilters(creation) == 2);
    const auto filter = [&](unsigned index) {
        unsigned flags = 0;
        std::size_t n_values = 0;  // in: no room for the filter's values, which we do not need
        unsigned filter_config = 0;
        return H5Pget_filter2(creation, index, &flags, &n_values, nullptr, 0, nullptr,
                              &filter_config);
    };
    CHECK(filter(0) == H5Z_FILTER_SHUFFLE);
    CHECK(filter(1) == H5Z_FILTER_DEFLATE);
    H5Pclose(creation);
    H5Tclose(type);
    H5Dclose(orders);
    H5Fclose(file);
    fs::remove_all(dir);
}

TEST_CASE("an empty run still writes a readable file", "[output][hdf5]") {
    const auto dir = scratch_dir();
    write_run_file(dir / "empty.h5", sample_provenance(), RunRecords{});
    const auto back = read_run_file(dir / "empty.h5");
    CHECK(back.records.orders.empty());
    CHECK(back.records.metrics.empty());
    fs::remove_all(dir);
}

TEST_CASE("a file that cannot be written leaves nothing behind", "[output][hdf5]") {
    const auto dir = scratch_dir();
    const auto path = dir / "missing-subdir" / "run.h5";
    CHECK_THROWS_AS(write_run_file(path, sample_provenance(), sample_records(10)), RunFileError);
    CHECK_FALSE(fs::exists(path));
    CHECK(fs::is_empty(dir));
    fs::remove_all(dir);
}

TEST_CASE("writing replaces an existing file only once complete", "[output][hdf5]") {
    const auto dir = scratch_dir();
    const auto path = dir / "run.h5";
    write_run_file(path, sample_provenance(), sample_records(5));
    auto second = sample_provenance();
    second.event_digest = "fedcba9876543210";
    write_run_file(path, second, sample_records(7));
    const auto back = read_run_file(path);
    CHECK(back.provenance.event_digest == "fedcba9876543210");
    CHECK(back.records.orders.size() == 7);
    // No temporary file is left beside it.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);
    fs::remove_all(dir);
}

TEST_CASE("files that are not LastMile results are refused with a reason", "[output][hdf5]") {
    const auto dir = scratch_dir();
    {
        std::ofstream text(dir / "notes.h5");
        text << "this is not HDF5\n";
    }
    CHECK_THROWS_WITH(read_run_file(dir / "notes.h5"), Catch::Contains("not an HDF5 file"));
    CHECK_THROWS_WITH(read_run_file(dir / "absent.h5"), Catch::Contains("absent.h5"));

    // A complete file cut in half is refused, not half-read.
    write_run_file(dir / "full.h5", sample_provenance(), sample_records(20000));
    const auto size = fs::file_size(dir / "full.h5");
    fs::copy_file(dir / "full.h5", dir / "cut.h5");
    fs::resize_file(dir / "cut.h5", size / 2);
    CHECK_THROWS_AS(read_run_file(dir / "cut.h5"), RunFileError);
    fs::remove_all(dir);
}

TEST_CASE("a foreign file with an array where a value belongs is refused, not overrun",
          "[output][hdf5]") {
    const auto dir = scratch_dir();
    const auto path = dir / "forged.h5";
    write_run_file(path, sample_provenance(), sample_records(3));
    {
        // Replace the scalar seed with an array of 64 numbers, as a hostile file might.
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        REQUIRE(file >= 0);
        REQUIRE(H5Adelete(file, "seed") >= 0);
        const hsize_t n = 64;
        const hid_t space = H5Screate_simple(1, &n, nullptr);
        const hid_t attribute =
            H5Acreate2(file, "seed", H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT);
        std::vector<std::uint64_t> values(n, 7);
        H5Awrite(attribute, H5T_NATIVE_UINT64, values.data());
        H5Aclose(attribute);
        H5Sclose(space);
        H5Fclose(file);
    }
    CHECK_THROWS_WITH(read_run_file(path),
                      Catch::Contains("attribute seed: expected a single value"));

    {
        // A number where text belongs.
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        REQUIRE(H5Adelete(file, "seed") >= 0);
        REQUIRE(H5Adelete(file, "git_sha") >= 0);
        const hid_t space = H5Screate(H5S_SCALAR);
        const std::uint64_t one = 1;
        for (const char* name : {"seed", "git_sha"}) {
            const hid_t attribute =
                H5Acreate2(file, name, H5T_STD_U64LE, space, H5P_DEFAULT, H5P_DEFAULT);
            H5Awrite(attribute, H5T_NATIVE_UINT64, &one);
            H5Aclose(attribute);
        }
        H5Sclose(space);
        H5Fclose(file);
    }
    CHECK_THROWS_WITH(read_run_file(path), Catch::Contains("attribute git_sha: expected a string"));
    fs::remove_all(dir);
}

TEST_CASE("a damaged file is refused with the path of what is wrong, not half-read",
          "[output][hdf5]") {
    const auto dir = scratch_dir();
    const auto path = dir / "damaged.h5";
    const auto edit = [&](const auto& change) {
        write_run_file(path, sample_provenance(), sample_records(50));
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        REQUIRE(file >= 0);
        change(file);
        H5Fclose(file);
    };
    // A member removed.
    edit([](hid_t file) { REQUIRE(H5Ldelete(file, "/scenario/text", H5P_DEFAULT) >= 0); });
    CHECK_THROWS_WITH(read_run_file(path), Catch::Contains("/scenario/text: missing"));
    edit([](hid_t file) { REQUIRE(H5Adelete(file, "seed") >= 0); });
    CHECK_THROWS_WITH(read_run_file(path), Catch::Contains("/ attribute seed: missing"));

    // A table that claims a billion rows and stores none of them: refused before any memory is
    // set aside for them.
    edit([](hid_t file) {
        const hid_t old = H5Dopen2(file, "/orders", H5P_DEFAULT);
        const hid_t type = H5Dget_type(old);
        H5Dclose(old);
        REQUIRE(H5Ldelete(file, "/orders", H5P_DEFAULT) >= 0);
        const hsize_t rows = 1'000'000'000;
        const hsize_t chunk = 1024;
        const hid_t space = H5Screate_simple(1, &rows, nullptr);
        const hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(properties, 1, &chunk);
        const hid_t dataset =
            H5Dcreate2(file, "/orders", type, space, H5P_DEFAULT, properties, H5P_DEFAULT);
        REQUIRE(dataset >= 0);
        H5Dclose(dataset);
        H5Pclose(properties);
        H5Sclose(space);
        H5Tclose(type);
    });
    CHECK_THROWS_WITH(read_run_file(path),
                      Catch::Contains("/orders: claims 1000000000 rows but stores only"));

    // A directory, or nothing at all.
    CHECK_THROWS_WITH(read_run_file(dir), Catch::Contains("is a directory"));
    CHECK_THROWS_WITH(read_run_file(dir / "absent.h5"), Catch::Contains("absent.h5: no such file"));
    fs::remove_all(dir);
}

TEST_CASE("the results file lists every number of the scenario as the run used it",
          "[output][provenance]") {
    const auto spec = lastmile::scenario::load_scenario_text(R"(schema: 1
name: units
simulation: {duration: "2 h", seed: 7}
depots:
  - {id: d, location: {lat: 50.0, lon: 8.0}, pads: 1, loading_time: "1 min",
     chargers: {count: 1, power: "1.5 kW"}}
drone_types:
  - id: q
    empty_mass: "2 kg"
    max_payload: "2 kg"
    battery: {capacity: "0.4 kWh", usable: "90 %", reserve: "20 %"}
    cruise_speed: "54 km/h"
    cruise_altitude: "60 m"
    climb_rate: "5 m/s"
    descent_rate: "3 m/s"
    takeoff_time: "10 s"
    landing_time: "10 s"
    drop_time: "30 s"
    energy: {model: empirical, per_distance: "30 Wh/km", per_takeoff_landing: "10 Wh",
             hover_power: "700 W"}
fleets: [{id: f, type: q, depot: d, count: 3}]
demand:
  zones:
    - {id: z, rate: "12 /h", parcel_weight: {min: "0.5 kg", max: "1 kg"},
       points: [{id: p, location: {lat: 50.01, lon: 8.0}}]}
)",
                                                             "units.yaml");
    const auto find = [&](const std::string& key) {
        for (const auto& p : spec.parameters) {
            if (p.key == key) {
                return p;
            }
        }
        FAIL("no parameter " << key);
        return lastmile::scenario::ResolvedParameter{};
    };
    CHECK(find("simulation.duration").value == 7200);
    CHECK(find("simulation.duration").unit == "s");
    CHECK(find("drone_types[0].cruise_speed").value == Approx(15));
    CHECK(find("drone_types[0].cruise_speed").unit == "m/s");
    CHECK(find("drone_types[0].battery.capacity").value == Approx(400));
    CHECK(find("drone_types[0].battery.capacity").unit == "Wh");
    CHECK(find("drone_types[0].battery.usable").value == Approx(0.9));
    CHECK(find("drone_types[0].energy.per_distance").value == Approx(0.03));
    CHECK(find("drone_types[0].energy.per_distance").unit == "Wh/m");
    CHECK(find("demand.zones[0].rate").value == Approx(12.0 / 3600));
    CHECK(find("fleets[0].count").value == 3);
    CHECK(find("fleets[0].count").unit == "1");
    CHECK(find("depots[0].location.lat").unit == "deg");

    // And the file carries them.
    const auto dir = scratch_dir();
    lastmile::output::RunProvenance p = sample_provenance();
    for (const auto& r : spec.parameters) {
        p.scenario_parameters.push_back({r.key, r.value, r.unit});
    }
    write_run_file(dir / "p.h5", p, sample_records(1));
    const auto back = read_run_file(dir / "p.h5").provenance.scenario_parameters;
    REQUIRE(back.size() == spec.parameters.size());
    CHECK(back[1].key == spec.parameters[1].key);
    CHECK(back[1].value == spec.parameters[1].value);
    CHECK(back[1].unit == spec.parameters[1].unit);
    std::filesystem::remove_all(dir);
}
