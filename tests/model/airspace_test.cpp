// Drone operations in a corridor airspace: deconfliction, wind, geofences, contingencies.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/corridor_scenario.hpp"
#include "support/run_helpers.hpp"

using namespace lastmile;
using lastmile::testing::corridor_scenario;

namespace fs = std::filesystem;

namespace {

struct Folder {
    fs::path dir = fs::temp_directory_path() / ("lastmile-airspace-" + std::to_string(::getpid()));
    Folder() { fs::create_directories(dir); }
    ~Folder() { fs::remove_all(dir); }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return dir / name;
    }
};

/// Orders to node N (the customer) at the given times, 1 kg each.
std::string orders_at(const std::vector<double>& times) {
    std::string csv = "id,time,lat,lon,weight,promise\n";
    for (std::size_t i = 0; i < times.size(); ++i) {
        csv += "o" + std::to_string(i) + "," + std::to_string(times[i]) + ",50.01,8.0,1,\n";
    }
    return csv;
}

testing::Run run_corridors(const std::vector<double>& times, int drones, int pads,
                           const std::string& extra = "") {
    Folder folder;
    folder.write("orders.csv", orders_at(times));
    const auto path = folder.write("s.yaml", corridor_scenario("orders.csv", drones, pads, extra));
    return testing::run(scenario::load_scenario_file(path));
}

std::uint32_t segment_index(const testing::Run& r, const std::string& id) {
    for (const auto& s : r.records.segments) {
        if (s.id == id) {
            return s.segment;
        }
    }
    FAIL("no segment " << id);
    return 0;
}

}  // namespace

TEST_CASE("a burst of departures is held on the ground one headway apart", "[model][airspace]") {
    const auto r = run_corridors({0, 0, 0, 0, 0}, 5, 5);
    std::vector<double> delays;
    for (const auto& f : r.records.flights) {
        if (f.leg == 0) {
            delays.push_back(f.ground_delay_s);
        }
    }
    std::sort(delays.begin(), delays.end());
    // By hand: all five are ready at t = 0 and reach the gate together after take-off (20 s)
    // and climb (50 m at 5 m/s); the gate passes one flight per 10 s headway.
    REQUIRE(delays.size() == 5);
    for (std::size_t k = 0; k < delays.size(); ++k) {
        CHECK(delays[k] == Approx(10.0 * static_cast<double>(k)).margin(1e-9));
    }
    CHECK(r.metric("flights_delayed") == 4);
    CHECK(r.metric("ground_delay_s") == Approx(100));
    CHECK(r.count(output::OrderStatus::delivered) == 5);

    // Throughput on the segment never exceeds one flight per headway.
    const auto gn = segment_index(r, "G-N");
    std::vector<double> entries;
    for (const auto& s : r.records.flight_segments) {
        if (s.segment == gn) {
            entries.push_back(s.entry_s);
        }
    }
    std::sort(entries.begin(), entries.end());
    REQUIRE(entries.size() == 5);
    for (std::size_t i = 1; i < entries.size(); ++i) {
        CHECK(entries[i] - entries[i - 1] >= 10 - 1e-3);
    }
    const auto& row = r.records.segments[gn];
    CHECK(row.flights == 5);
    CHECK(row.peak_occupancy >= 1);
    CHECK(row.ground_delay_s == Approx(100));
}

TEST_CASE("a headwind lowers ground speed and raises energy as the wind triangle says",
          "[model][airspace]") {
    const auto calm = run_corridors({0}, 1, 1);
    // From the north at 5 m/s: a 5 m/s headwind flying north, a tailwind coming back.
    const auto windy = run_corridors(
        {0}, 1, 1,
        "  wind:\n    changes:\n      - {at: \"0 s\", speed: \"5 m/s\", from: \"0 deg\"}\n");
    const auto crossing = [](const testing::Run& r, const std::string& id) {
        const auto s = segment_index(r, id);
        for (const auto& f : r.records.flight_segments) {
            if (f.segment == s) {
                return f.exit_s - f.entry_s;
            }
        }
        FAIL("segment not flown");
        return 0.0;
    };
    const double length_m = crossing(calm, "G-N") * 15;  // calm: airspeed 15 m/s
    CHECK(length_m == Approx(1112).margin(2));
    CHECK(crossing(windy, "G-N") == Approx(length_m / 10).margin(2e-3));  // 15 - 5 m/s
    CHECK(crossing(windy, "N-G") == Approx(length_m / 20).margin(2e-3));  // 15 + 5 = the limit

    // Empirical energy is per metre of air: 25 Wh/km at 15 m/s airspeed, so the out and back
    // cruise cost 25 Wh/km x 15 m/s x (L/10 + L/20) instead of 25 Wh/km x 2 L.
    REQUIRE(calm.records.orders.size() == 1);
    const double extra_wh = 0.025 * 15 * (length_m / 10 + length_m / 20) - 0.025 * 2 * length_m;
    CHECK(windy.records.orders[0].energy_wh - calm.records.orders[0].energy_wh ==
          Approx(extra_wh).epsilon(1e-6));
    CHECK(extra_wh > 0);
}

TEST_CASE("wind above the limit grounds the drones until it drops", "[model][airspace]") {
    const auto r = run_corridors({0, 60}, 2, 2, R"(  wind:
    max_speed: "8 m/s"
    changes:
      - {at: "0 s", speed: "10 m/s", from: "270 deg"}
      - {at: "30 min", speed: "2 m/s", from: "270 deg"}
)");
    REQUIRE(r.count(output::OrderStatus::delivered) == 2);
    for (const auto& f : r.records.flights) {
        CHECK(f.start_s >= 1800);
    }
}

TEST_CASE("while the drones are grounded an order waits or goes to a robot, whichever is sooner",
          "[model][airspace]") {
    // One robot beside the drones, on a street straight to the customer at N (1112 m: 741 s
    // at 1.5 m/s). A gale grounds the drones from the start until the wind drops.
    const auto run_grounded_until = [](const std::string& calm_at) {
        Folder folder;
        folder.write("orders.csv", orders_at({0}));
        std::string text = corridor_scenario("orders.csv", 1, 1, R"(  wind:
    max_speed: "8 m/s"
    changes:
      - {at: "0 s", speed: "10 m/s", from: "270 deg"}
      - {at: ")" + calm_at + R"(", speed: "0 m/s", from: "270 deg"}
)");
        const std::string robots = R"(  - {id: rovers, type: rover, depot: d1, count: 1}
robot_types:
  - id: rover
    speed: "1.5 m/s"
    compartments: 1
    max_payload: "10 kg"
    battery: {capacity: "500 Wh", reserve: "20 %"}
    energy_per_distance: "40 Wh/km"
    handover_time: "30 s"
ground_network:
  max_snap: "50 m"
  nodes:
    - {id: a, location: {lat: 50.0, lon: 8.0}}
    - {id: n, location: {lat: 50.01, lon: 8.0}}
  edges:
    - {from: a, to: n}
)";
        text.insert(text.find("demand:\n"), robots);
        text.insert(text.find("    chargers:"), "    loading_bays: 1\n");
        return testing::run(scenario::load_scenario_file(folder.write("s.yaml", text)));
    };

    SECTION("a long gale: the robot takes it") {
        const auto r = run_grounded_until("30 min");
        REQUIRE(r.records.orders.size() == 1);
        const auto& o = r.records.orders.front();
        CHECK(o.status == output::OrderStatus::delivered);
        CHECK(o.mode == output::Mode::robot);
        CHECK(o.delivered_s < 1800);
        CHECK(r.records.flights.empty());
    }
    SECTION("a short gale: the order waits for a drone") {
        const auto r = run_grounded_until("2 min");
        REQUIRE(r.records.orders.size() == 1);
        const auto& o = r.records.orders.front();
        CHECK(o.status == output::OrderStatus::delivered);
        CHECK(o.mode == output::Mode::drone);
        REQUIRE_FALSE(r.records.flights.empty());
        CHECK(r.records.flights.front().start_s >= 120);
    }
}

TEST_CASE("an active geofence closes the segments it meets", "[model][airspace]") {
    const std::string fence = R"(  geofences:
    - id: stadium
      altitude: {min: "0 m", max: "300 m"}
      polygon:
        - {lat: 50.004, lon: 7.998}
        - {lat: 50.004, lon: 8.002}
        - {lat: 50.006, lon: 8.002}
        - {lat: 50.006, lon: 7.998}
        - {lat: 50.004, lon: 7.998}
)";
    SECTION("known in advance: every flight routes around it") {
        const auto r = run_corridors({0, 300, 900}, 2, 2, fence);
        CHECK(r.count(output::OrderStatus::delivered) == 3);
        const auto gn = segment_index(r, "G-N");
        const auto ng = segment_index(r, "N-G");
        for (const auto& s : r.records.flight_segments) {
            CHECK(s.segment != gn);
            CHECK(s.segment != ng);
        }
        CHECK(r.records.segments[segment_index(r, "G-W")].flights == 3);
    }
    SECTION("a pop-up restriction: the airborne flight takes its contingency") {
        // The first flight is on G-N (from 30 s to 104 s after its 560 s order) when the
        // restriction activates at 600 s without notice.
        const auto r = run_corridors({560, 900}, 2, 2,
                                     fence + "      active: [{from: \"600 s\", to: \"2 h\"}]\n");
        std::map<std::string, int> events;
        for (const auto& e : r.records.safety) {
            ++events[e.type];
        }
        CHECK(events["geofence_contingency"] == 1);
        CHECK(events["nonconformance"] == 1);
        CHECK(r.count(output::OrderStatus::delivered) == 2);  // the first one on a second try
        const auto gn = segment_index(r, "G-N");
        for (const auto& s : r.records.flight_segments) {
            if (s.segment == gn) {
                CHECK(s.exit_s <= 600);  // nobody flies into it once active
            }
        }
    }
}

TEST_CASE("a restriction elsewhere does not disturb a flight", "[model][airspace]") {
    // A pop-up fence far to the north activates while the drone hovers over the customer
    // (take-off 20 s, climb 10 s, G-N 74 s, descent 8 s, then the 30 s drop).
    const auto r = run_corridors({0}, 1, 1, R"(  geofences:
    - id: far
      altitude: {min: "0 m", max: "300 m"}
      active: [{from: "120 s", to: "1 h"}]
      polygon:
        - {lat: 50.05, lon: 7.99}
        - {lat: 50.05, lon: 8.01}
        - {lat: 50.06, lon: 8.01}
        - {lat: 50.06, lon: 7.99}
        - {lat: 50.05, lon: 7.99}
)");
    REQUIRE(r.count(output::OrderStatus::delivered) == 1);
    CHECK(r.records.safety.empty());
    REQUIRE(r.records.flights.size() == 2);
    CHECK(r.records.flights[0].end_s == Approx(r.records.orders[0].delivered_s));
    CHECK(r.records.flights[0].start_s < 120);
    CHECK(r.records.flights[0].end_s > 120);
    CHECK(r.records.flight_segments.size() == 2);  // G-N out, N-G back
}

TEST_CASE("lost link: the drone returns home and the parcel goes again", "[model][airspace]") {
    // A very unreliable link: every flight loses it almost at once.
    const auto r = run_corridors({0}, 1, 1, R"(  contingency:
    lost_link_rate: "3600 /h"
)");
    REQUIRE_FALSE(r.records.safety.empty());
    CHECK(r.records.safety.front().type == "lost_link");
    CHECK(r.metric("safety_lost_link") >= 1);
    CHECK(r.metric("safety_lost_link_per_1000_h_ci_low") <=
          r.metric("safety_lost_link_per_1000_h"));
    CHECK(r.metric("safety_lost_link_per_1000_h") <=
          r.metric("safety_lost_link_per_1000_h_ci_high"));
}

TEST_CASE("flight hours end at touchdown, not after recovery or repair", "[model][airspace]") {
    // Flights that lose their link land at a safe site and wait an hour for recovery by road:
    // the hour is not flight time, and the exposure behind every safety rate must not grow.
    const auto r = run_corridors({0, 600}, 1, 1, R"(  contingency:
    lost_link_rate: "3600 /h"
    lost_link_action: land-at-safe-site
    recovery_time: "1 h"
    safe_landing_sites:
      - {id: east, location: {lat: 50.0, lon: 8.005}}
)");
    REQUIRE(r.metric("safety_lost_link") >= 1);
    std::map<std::uint64_t, double> touchdown;  // last point of each flight's track
    for (const auto& p : r.records.flight_tracks) {
        touchdown[p.flight] = std::max(touchdown[p.flight], p.time_s);
    }
    double airborne_s = 0;
    for (const auto& f : r.records.flights) {
        if (f.leg == 1) {
            REQUIRE(touchdown.count(f.flight) == 1);
            CHECK(f.end_s == Approx(touchdown[f.flight]).margin(1e-3));
        }
        airborne_s += f.end_s - f.start_s;
    }
    CHECK(r.metric("flight_hours") * 3600 == Approx(airborne_s).margin(1e-2));
    CHECK(r.metric("flight_hours") < 0.5);  // two short flights, however long the recovery
}

namespace {

/// Two drones back from a burst of two orders (to N and to a point 570 m west of it) to a
/// depot with `pads` pads; they come down slowly (0.5 m/s), so with one pad the second holds
/// over the depot for about two minutes. `capacity` sets how long it can afford to.
testing::Run run_pad_hold(const std::string& capacity, int pads, const std::string& sites) {
    Folder folder;
    folder.write("orders.csv",
                 "id,time,lat,lon,weight,promise\n"
                 "o0,0,50.01,8.0,1,\n"
                 "o1,0,50.01,7.992,1,\n");
    std::string text = corridor_scenario("orders.csv", 2, pads, R"(  contingency:
    recovery_time: "10 min"
)" + sites);
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace(R"(landing_time: "20 s")", R"(landing_time: "200 s")");
    replace(R"(capacity: "400 Wh")", "capacity: \"" + capacity + "\"");
    const auto path = folder.write("s.yaml", text);
    return testing::run(scenario::load_scenario_file(path));
}

const std::string kOneSite = R"(    safe_landing_sites:
      - {id: east, location: {lat: 50.0, lon: 8.005}}
)";

std::vector<output::SafetyRecord> events_of(const testing::Run& r, const std::string& type) {
    std::vector<output::SafetyRecord> out;
    std::copy_if(r.records.safety.begin(), r.records.safety.end(), std::back_inserter(out),
                 [&](const auto& s) { return s.type == type; });
    return out;
}

}  // namespace

/// Energy of both legs of `flight`.
double flight_wh(const testing::Run& r, std::int64_t flight) {
    double wh = 0;
    for (const auto& f : r.records.flights) {
        wh += static_cast<std::int64_t>(f.flight) == flight ? f.energy_wh : 0.0;
    }
    return wh;
}

TEST_CASE("a drone holding for a pad diverts when only its reserve would be left",
          "[model][airspace]") {
    // 150 Wh, 20 % reserve: 120 Wh may be planned. The first drone back takes the pad for its
    // 200 s landing; the second holds above it and cannot afford to wait that long.
    const double plannable_wh = 0.8 * 150;

    SECTION("to the nearest safe landing site, arriving with exactly its reserve") {
        const auto r = run_pad_hold("150 Wh", 1, kOneSite);
        const auto diverts = events_of(r, "reserve_divert");
        REQUIRE(diverts.size() == 1);
        const auto& d = diverts.front();
        // Over the depot at the altitude of the lane home (N-G, 65-75 m).
        CHECK(d.lat_deg == Approx(50.0).margin(1e-7));
        CHECK(d.lon_deg == Approx(8.0).margin(1e-7));
        CHECK(d.altitude_m == Approx(70).margin(0.01));  // within a tick of descent
        // It held as long as it could: hold + flight to the site + descent leave the reserve.
        CHECK(flight_wh(r, d.flight) == Approx(plannable_wh).margin(1e-3));
        CHECK(r.metric("missions_below_reserve") == 0);
        for (const auto& f : r.records.flights) {
            if (static_cast<std::int64_t>(f.flight) == d.flight && f.leg == 1) {
                CHECK(f.contingency == "reserve_divert");
                CHECK(f.end_s > d.time_s);
            }
        }
        CHECK(r.count(output::OrderStatus::delivered) == 2);
    }
    SECTION("without a safe landing site it comes down beside the pads") {
        const auto r = run_pad_hold("150 Wh", 1, "");
        const auto diverts = events_of(r, "reserve_divert");
        REQUIRE(diverts.size() == 1);
        CHECK(flight_wh(r, diverts.front().flight) == Approx(plannable_wh).margin(1e-3));
        CHECK(r.metric("missions_below_reserve") == 0);
    }
    SECTION("with charge to spare it holds until the pad is free") {
        const auto r = run_pad_hold("400 Wh", 1, kOneSite);
        CHECK(events_of(r, "reserve_divert").empty());
        // The second drone back paid for hovering while the first landed.
        REQUIRE(r.records.flights.size() == 4);
        double longest_back_wh = 0;
        double shortest_back_wh = 1e9;
        for (const auto& f : r.records.flights) {
            if (f.leg == 1) {
                longest_back_wh = std::max(longest_back_wh, f.energy_wh);
                shortest_back_wh = std::min(shortest_back_wh, f.energy_wh);
            }
        }
        CHECK(longest_back_wh > shortest_back_wh + 10);
    }
    SECTION("a restriction that pops up over the depot during the hold acts at once") {
        const auto r = run_pad_hold("400 Wh", 1, kOneSite + R"(  geofences:
    - id: depot-tfr
      altitude: {min: "10 m", max: "300 m"}
      polygon:
        - {lat: 49.999, lon: 7.999}
        - {lat: 49.999, lon: 8.001}
        - {lat: 50.001, lon: 8.001}
        - {lat: 50.001, lon: 7.999}
        - {lat: 49.999, lon: 7.999}
      active: [{from: "400 s", to: "1 h"}]
)");
        // The second drone back holds from about 325 s to 442 s for the pad; the first is on
        // the pad, below the restriction.
        const auto rows = events_of(r, "geofence_contingency");
        REQUIRE(rows.size() == 1);
        CHECK(rows.front().time_s == Approx(400).margin(1e-3));
        CHECK(rows.front().altitude_m == Approx(70).margin(0.01));
    }
    SECTION("with a pad each nobody holds") {
        const auto r = run_pad_hold("150 Wh", 2, kOneSite);
        CHECK(events_of(r, "reserve_divert").empty());
        CHECK(r.count(output::OrderStatus::delivered) == 2);
    }
}

TEST_CASE("a wind change in flight: the drone keeps its times and pays in energy",
          "[model][airspace]") {
    // At 150 s, after the drop and before the lane home (N-G), a wind from the south: a
    // headwind all the way along N-G.
    const auto with_wind = [](const std::string& capacity, const std::string& speed) {
        Folder folder;
        folder.write("orders.csv", orders_at({0}));
        std::string text = corridor_scenario("orders.csv", 1, 1, R"(  wind:
    changes:
      - {at: "150 s", speed: ")" + speed + R"(", from: "180 deg"}
)");
        const std::string battery = R"(capacity: "400 Wh")";
        text.replace(text.find(battery), battery.size(), "capacity: \"" + capacity + "\"");
        return testing::run(scenario::load_scenario_file(folder.write("s.yaml", text)));
    };
    const auto calm = with_wind("400 Wh", "0 m/s");
    const auto windy = with_wind("400 Wh", "5 m/s");
    REQUIRE(calm.records.flights.size() == 2);
    REQUIRE(windy.records.flights.size() == 2);
    SECTION("the reserved 4D times hold") {
        for (std::size_t i = 0; i < 2; ++i) {
            CHECK(windy.records.flights[i].start_s == calm.records.flights[i].start_s);
            CHECK(windy.records.flights[i].end_s == calm.records.flights[i].end_s);
        }
        CHECK(windy.records.flights[0].energy_wh == calm.records.flights[0].energy_wh);
    }
    SECTION("holding the ground speed into a headwind w takes w more airspeed") {
        // The empirical model's power is 25 Wh/km times the airspeed, so the lane home costs
        // 25 Wh/km * w * (its crossing time) more: the air distance grows by w per second.
        const auto ng = segment_index(windy, "N-G");
        double crossing_s = 0;
        for (const auto& f : windy.records.flight_segments) {
            if (f.segment == ng) {
                CHECK(f.entry_s > 150);
                crossing_s = f.exit_s - f.entry_s;
            }
        }
        CHECK(crossing_s == Approx(1111.95 / 15).epsilon(1e-3));
        const double extra_wh =
            windy.records.flights[1].energy_wh - calm.records.flights[1].energy_wh;
        CHECK(extra_wh == Approx(0.025 * 5 * crossing_s).epsilon(1e-6));
    }
    SECTION("a drone that can no longer make it home with its reserve diverts at once") {
        // 100 Wh: 80 Wh may be planned, the calm flight needs 71.7; a 10 m/s headwind home
        // would take 18.5 Wh more.
        const double planned_wh =
            calm.records.flights[0].energy_wh + calm.records.flights[1].energy_wh;
        REQUIRE(planned_wh < 80);
        const auto r = with_wind("100 Wh", "10 m/s");
        const auto diverts = events_of(r, "reserve_divert");
        REQUIRE(diverts.size() == 1);
        CHECK(diverts.front().time_s == Approx(150).margin(1e-3));
        CHECK(diverts.front().lat_deg == Approx(50.01).margin(1e-5));  // over the customer
        CHECK(r.count(output::OrderStatus::delivered) == 1);
        REQUIRE(r.records.flights.size() == 2);
        CHECK(r.records.flights[1].contingency == "reserve_divert");
    }
}

TEST_CASE("a gale over part of the city closes the lanes there; elsewhere drones fly",
          "[model][airspace]") {
    const auto with_region = [](const std::string& polygon) {
        return run_corridors({0}, 1, 1, R"(  wind:
    max_speed: "12 m/s"
    changes:
      - {at: "0 s", speed: "2 m/s", from: "270 deg"}
    regions:
      - id: gale
        polygon: )" + polygon + R"(
        changes:
          - {at: "0 s", speed: "20 m/s", from: "270 deg"}
          - {at: "30 min", speed: "2 m/s", from: "270 deg"}
)");
    };
    SECTION("over the middle of the direct lanes: the flight takes the detour by W") {
        const auto r = with_region(
            "[{lat: 50.003, lon: 7.997}, {lat: 50.003, lon: 8.003}, {lat: 50.007, lon: 8.003}, "
            "{lat: 50.007, lon: 7.997}, {lat: 50.003, lon: 7.997}]");
        REQUIRE(r.count(output::OrderStatus::delivered) == 1);
        std::set<std::uint32_t> used;
        for (const auto& f : r.records.flight_segments) {
            used.insert(f.segment);
        }
        CHECK(used == std::set<std::uint32_t>{segment_index(r, "G-W"), segment_index(r, "W-N"),
                                              segment_index(r, "N-W"), segment_index(r, "W-G")});
        CHECK(r.records.flights.front().start_s < 60);
    }
    SECTION("over the customer: the flight waits until it abates") {
        const auto r = with_region(
            "[{lat: 50.009, lon: 7.999}, {lat: 50.009, lon: 8.001}, {lat: 50.011, lon: 8.001}, "
            "{lat: 50.011, lon: 7.999}, {lat: 50.009, lon: 7.999}]");
        REQUIRE(r.count(output::OrderStatus::delivered) == 1);
        CHECK(r.records.flights.front().start_s >= 1800);
    }
}
