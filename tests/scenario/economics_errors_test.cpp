// Bad economics input: each gives one located error naming the key path.

#include <catch2/catch.hpp>

#include <lastmile/scenario/loader.hpp>

#include "support/economics_scenario.hpp"

using lastmile::scenario::InputError;
using lastmile::scenario::load_scenario_text;
using lastmile::testing::tiny_with_economics;

namespace {

InputError error_of(const std::string& from, const std::string& to) {
    try {
        load_scenario_text(tiny_with_economics(from, to), "econ.yaml");
    } catch (const InputError& e) {
        return e;
    }
    FAIL("the scenario was accepted");
    throw;  // unreachable
}

}  // namespace

TEST_CASE("the economics section itself is valid", "[scenario][economics]") {
    const auto spec = load_scenario_text(tiny_with_economics(), "econ.yaml");
    REQUIRE(spec.economics.present);
    REQUIRE(spec.economics.vehicles.size() == 1);
    const auto& v = spec.economics.vehicles[0];
    CHECK(v.owned.unit_price.value == 20000);
    CHECK(v.owned.unit_price.key == "economics.vehicles[0].owned.unit_price");
    // 1500 USD/month is 18,000 USD a Julian year.
    CHECK(v.raas.fee.value * 365.25 * 86400 == Approx(18000));
    CHECK(spec.economics.discount_rate.value == Approx(0.08));
}

TEST_CASE("bad economics figures", "[scenario][economics]") {
    SECTION("a negative price") {
        const auto e = error_of(R"(unit_price: "20000 USD")", R"(unit_price: "-20000 USD")");
        CHECK_THAT(e.what(), Catch::Contains("economics.vehicles[0].owned.unit_price"));
        CHECK_THAT(e.what(), Catch::Contains("from 0 USD"));
        CHECK(e.where().line > 30);
    }
    SECTION("a life of zero") {
        const auto e = error_of(R"(life: "4 year")", R"(life: "0 year")");
        CHECK_THAT(e.what(), Catch::Contains("owned.life"));
        CHECK_THAT(e.what(), Catch::Contains("from 1 d to 100 year, found '0 year'"));
    }
    SECTION("a discount rate of -100 %") {
        const auto e = error_of(R"(discount_rate: "8 %")", R"(discount_rate: "-100 %")");
        CHECK_THAT(e.what(), Catch::Contains("economics.finance.discount_rate"));
        CHECK_THAT(e.what(), Catch::Contains("above -100 %"));
    }
    SECTION("a RaaS fee that includes an unknown cost item") {
        const auto e = error_of("includes: [maintenance]", "includes: [maintenence]");
        CHECK_THAT(e.what(), Catch::Contains("unknown cost item 'maintenence'"));
        CHECK_THAT(e.what(), Catch::Contains("did you mean 'maintenance'"));
    }
    SECTION("a price in the wrong unit") {
        const auto e = error_of(R"(fee: "1500 USD/month")", R"(fee: "1500 USD")");
        CHECK_THAT(e.what(), Catch::Contains("money per time"));
    }
    SECTION("a range that does not hold the value") {
        const auto e =
            error_of(R"(unit_price: "20000 USD")",
                     R"(unit_price: {value: "20000 USD", low: "25000 USD", high: "30000 USD"})");
        CHECK_THAT(e.what(), Catch::Contains("the range must hold the value"));
    }
    SECTION("an unknown vehicle type") {
        const auto e = error_of("- type: q\n", "- type: qq\n");
        CHECK_THAT(e.what(), Catch::Contains("unknown vehicle type 'qq'"));
    }
    SECTION("drones without remote operators") {
        const auto e = error_of(
            R"(    drones: {vehicles_per_operator: 2, wage: "30 USD/h", burden: 1.3, min_crew: 1})",
            R"(    robots: {vehicles_per_operator: 2, wage: "30 USD/h"})");
        CHECK_THAT(e.what(), Catch::Contains("economics.operators.drones is required"));
    }
    SECTION("a horizon that is not a whole number of years") {
        const auto e = error_of(R"(horizon: "5 year")", R"(horizon: "30 month")");
        CHECK_THAT(e.what(), Catch::Contains("whole number of years"));
    }
    SECTION("a fraction of a person") {
        const auto e = error_of("min_crew: 1", "min_crew: 1.5");
        CHECK_THAT(e.what(), Catch::Contains("a whole number"));
    }
    SECTION("a source too long for the results file") {
        const auto e =
            error_of(R"(unit_price: "20000 USD")", R"(unit_price: {value: "20000 USD", source: ")" +
                                                       std::string(200, 'x') + R"("})");
        CHECK_THAT(e.what(), Catch::Contains("at most 160 bytes"));
    }
    SECTION("an unknown key") {
        const auto e = error_of("unit_price:", "unit_prise:");
        CHECK_THAT(e.what(), Catch::Contains("unit_prise"));
    }
}

TEST_CASE("the economics cost the whole fleet, and only types that have one",
          "[scenario][economics]") {
    // The tiny scenario with a second drone type q2 (a copy of q), with or without a fleet.
    const auto with_q2 = [](bool fleet, bool costed) {
        auto lines = lastmile::testing::tiny_scenario_lines();
        std::vector<std::string> q2(lines.begin() + 12, lines.begin() + 24);
        q2[0] = "  - id: q2";
        lines.insert(lines.begin() + 24, q2.begin(), q2.end());
        std::string text = lastmile::testing::join_lines(lines);
        if (fleet) {
            text.insert(text.find("demand:"), "  - {id: f2, type: q2, depot: d1, count: 1}\n");
        }
        text += lastmile::testing::economics_section();
        if (costed) {
            text += R"(    - type: q2
      owned: {unit_price: "1 USD", life: "1 year"}
      raas: {fee: "1 USD/month"}
)";
        }
        return text;
    };
    CHECK_NOTHROW(load_scenario_text(with_q2(false, false), "econ.yaml"));
    CHECK_NOTHROW(load_scenario_text(with_q2(true, true), "econ.yaml"));
    CHECK_THROWS_WITH(load_scenario_text(with_q2(true, false), "econ.yaml"),
                      Catch::Contains("fleet 'f2' flies or drives type 'q2', which the economics "
                                      "do not cost"));
    CHECK_THROWS_WITH(load_scenario_text(with_q2(false, true), "econ.yaml"),
                      Catch::Contains("no fleet has vehicle type 'q2'"));
}
