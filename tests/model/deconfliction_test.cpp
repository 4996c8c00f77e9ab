// Strategic deconfliction: a burst of departures through one segment.

#include <catch2/catch.hpp>

#include <lastmile/model/deconfliction.hpp>

using namespace lastmile::model;

namespace {

/// Through node 0, along segment 0 (60 s), to node 1; 10 s headway.
RouteReservation one_segment(double crossing_s = 60, double headway_s = 10) {
    RouteReservation r;
    const lastmile::scenario::AltitudeBand band{45, 55};
    r.nodes.push_back(NodePassage{0, 5, 5, band, headway_s});
    r.segments.push_back(SegmentPassage{0, 5, 5 + crossing_s});
    r.nodes.push_back(NodePassage{1, 5 + crossing_s, 5 + crossing_s, band, headway_s});
    return r;
}

}  // namespace

TEST_CASE("a burst of departures is spaced by the headway", "[model][deconfliction]") {
    Reservations reservations(2, 1, 0);
    const auto route = one_segment();
    // Eight flights all ready at t = 100 s: the k-th waits k headways.
    for (int k = 0; k < 8; ++k) {
        const auto shift = reservations.earliest_shift(route, 100, 3600);
        REQUIRE(shift);
        CHECK(*shift == Approx(10.0 * k).margin(1e-9));
        reservations.reserve(static_cast<std::uint64_t>(k), route, 100 + *shift);
    }
    SECTION("a buffer adds to every headway") {
        Reservations buffered(2, 1, 2);
        for (int k = 0; k < 4; ++k) {
            const auto shift = buffered.earliest_shift(route, 0, 3600);
            REQUIRE(shift);
            CHECK(*shift == Approx(12.0 * k).margin(1e-9));
            buffered.reserve(static_cast<std::uint64_t>(k), route, *shift);
        }
    }
    SECTION("no slot within the longest ground delay: denied") {
        CHECK_FALSE(reservations.earliest_shift(route, 100, 75));
        CHECK(reservations.earliest_shift(route, 100, 80));
    }
    SECTION("other altitude bands do not conflict") {
        RouteReservation high = route;
        for (auto& n : high.nodes) {
            n.band = {85, 95};
        }
        high.segments.clear();
        CHECK(*reservations.earliest_shift(high, 100, 3600) == 0);
    }
    SECTION("released slots are free again") {
        for (int k = 0; k < 8; ++k) {
            reservations.release(static_cast<std::uint64_t>(k), route, 100 + 10.0 * k, 0);
        }
        CHECK(*reservations.earliest_shift(route, 100, 3600) == 0);
    }
    SECTION("releasing one flight frees only its slot") {
        reservations.release(3, route, 130, 0);
        CHECK(*reservations.earliest_shift(route, 100, 3600) == Approx(30));
        reservations.release(99, route, 140, 0);  // not the holder of that slot: no effect
        CHECK(*reservations.earliest_shift(route, 130.5, 3600) == Approx(49.5));
    }
}

TEST_CASE("a faster flight may not overtake on a segment", "[model][deconfliction]") {
    Reservations reservations(2, 1, 0);
    reservations.reserve(1, one_segment(60), 0);  // enters at 5 s, leaves at 65 s
    // A 20 s crossing entering 12 s later would leave at 37 s, ahead of the first: it must
    // enter after the first leaves minus its own crossing... and a headway behind at the exit.
    const auto shift = reservations.earliest_shift(one_segment(20), 12, 3600);
    REQUIRE(shift);
    CHECK(12 + *shift + 5 + 20 >= 65 + 10 - 1e-9);
}
