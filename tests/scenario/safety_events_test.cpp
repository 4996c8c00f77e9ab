// The one table of safety event types: complete, consistent, and what the results say.

#include <set>
#include <string>

#include <catch2/catch.hpp>

#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/loader.hpp>
#include <lastmile/scenario/safety_events.hpp>

using namespace lastmile::scenario;

TEST_CASE("each safety event type is in the table once, at its own place", "[scenario][safety]") {
    std::set<std::string> names;
    for (std::size_t i = 0; i < kSafetyEventTypes.size(); ++i) {
        const auto& type = kSafetyEventTypes[i];
        CHECK(static_cast<std::size_t>(type.event) == i);  // type_of() indexes by the enum
        CHECK(names.insert(std::string(type.name)).second);
        CHECK(safety_event_named(type.name) == type.event);
        CHECK(metric_name(type.event) == "safety_" + std::string(type.name));
    }
    CHECK_FALSE(safety_event_named("NMAC").has_value());
    CHECK(safety_event_names().size() == kSafetyEventTypes.size());
}

TEST_CASE(
    "a run's safety events carry the table's names and severities, and contingencies "
    "end flights",
    "[scenario][safety]") {
    const auto spec = load_scenario_file(LASTMILE_SOURCE_DIR "/scenarios/safety-case.yaml");
    const auto run = lastmile::pipeline::run_scenario(spec);
    REQUIRE_FALSE(run.records.safety.empty());
    std::set<std::string> contingencies_seen;
    for (const auto& row : run.records.safety) {
        const auto event = safety_event_named(row.type);
        REQUIRE(event.has_value());
        CHECK(row.severity == name_of(type_of(*event).severity));
        if (type_of(*event).contingency) {
            contingencies_seen.insert(row.type);
        }
    }
    // Every flight that ended in a contingency names it, and only contingency causes do.
    for (const auto& flight : run.records.flights) {
        if (!flight.contingency.empty()) {
            const auto event = safety_event_named(flight.contingency);
            REQUIRE(event.has_value());
            CHECK(type_of(*event).contingency);
            CHECK(contingencies_seen.count(flight.contingency) == 1);
        }
    }
    CHECK_FALSE(contingencies_seen.empty());
}
