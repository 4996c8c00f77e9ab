#include <catch2/catch.hpp>

#include <lastmile/kernel/simulation.hpp>

#include "kernel/test_simulation.hpp"

using namespace lastmile::kernel;

namespace {

struct Ev {
    Tick time;
    const char* kind;
    std::uint64_t subject;
};

std::uint64_t digest_of(const std::vector<Ev>& events) {
    TestSimulation sim;
    for (const auto& e : events) {
        sim.schedule_at(e.time, {sim.kind(e.kind), e.subject}, [] {});
    }
    sim.run();
    return sim.digest().value();
}

}  // namespace

TEST_CASE("the digest is a function of event time, kind and entities", "[kernel][digest]") {
    const std::vector<Ev> base{{1, "a", 1}, {2, "b", 2}, {3, "a", 3}};
    const auto d = digest_of(base);
    CHECK(digest_of(base) == d);
    CHECK(digest_of({{1, "a", 1}, {2, "b", 2}, {4, "a", 3}}) != d);  // time
    CHECK(digest_of({{1, "a", 1}, {2, "c", 2}, {3, "a", 3}}) != d);  // kind
    CHECK(digest_of({{1, "a", 1}, {2, "b", 5}, {3, "a", 3}}) != d);  // entity
    CHECK(digest_of({{1, "a", 1}, {2, "b", 2}}) != d);               // one event fewer
}

TEST_CASE("the digest depends on event order", "[kernel][digest]") {
    CHECK(digest_of({{1, "a", 1}, {1, "a", 2}}) != digest_of({{1, "a", 2}, {1, "a", 1}}));
}

TEST_CASE("the digest does not depend on the order kinds were registered", "[kernel][digest]") {
    TestSimulation x;
    x.kind("zzz");
    x.kind("aaa");
    x.schedule_at(1, {x.kind("aaa"), 9}, [] {});
    x.run();
    TestSimulation y;
    y.schedule_at(1, {y.kind("aaa"), 9}, [] {});
    y.run();
    CHECK(x.digest().value() == y.digest().value());
}

TEST_CASE("the digest prints as 16 hex digits", "[kernel][digest]") {
    EventDigest d;
    d.fold(1);
    const auto hex = d.hex();
    CHECK(hex.size() == 16);
    CHECK(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
}
