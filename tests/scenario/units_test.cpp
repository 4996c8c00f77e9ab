#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include <lastmile/scenario/units.hpp>

using namespace lastmile::scenario;

namespace {

double parse(const std::string& text, Dimension d) {
    double value = 0;
    QuantityError error;
    INFO("parsing '" << text << "'");
    REQUIRE(parse_quantity(text, d, value, error));
    return value;
}

QuantityError parse_error(const std::string& text, Dimension d) {
    double value = 0;
    QuantityError error;
    INFO("parsing '" << text << "'");
    REQUIRE_FALSE(parse_quantity(text, d, value, error));
    return error;
}

}  // namespace

TEST_CASE("quantities convert to internal units", "[scenario][units]") {
    CHECK(parse("12 m/s", Dimension::speed) == 12.0);
    CHECK(parse("36 km/h", Dimension::speed) == Approx(10.0));
    CHECK(parse("10 kn", Dimension::speed) == Approx(5.144444));
    CHECK(parse("30 min", Dimension::duration) == 1800.0);
    CHECK(parse("1.5 h", Dimension::duration) == 5400.0);
    CHECK(parse("250 ms", Dimension::duration) == 0.25);
    CHECK(parse("2.5 kWh", Dimension::energy) == 2500.0);
    CHECK(parse("3600 J", Dimension::energy) == Approx(1.0));
    CHECK(parse("0.08 MJ/km", Dimension::energy_per_length) == Approx(80000.0 / 3600 / 1000));
    CHECK(parse("22 Wh/km", Dimension::energy_per_length) == Approx(0.022));
    CHECK(parse("4 kg", Dimension::mass) == 4.0);
    CHECK(parse("500 g", Dimension::mass) == 0.5);
    CHECK(parse("1 lb", Dimension::mass) == Approx(0.45359237));
    CHECK(parse("2.5 km", Dimension::length) == 2500.0);
    CHECK(parse("400 ft", Dimension::length) == Approx(121.92));
    CHECK(parse("1.2 kW", Dimension::power) == Approx(1200.0));
    CHECK(parse("40 /h", Dimension::rate) == Approx(40.0 / 3600));
    CHECK(parse("20 %", Dimension::fraction) == Approx(0.2));
    CHECK(parse("0.25", Dimension::fraction) == 0.25);
}

TEST_CASE("spacing, signs and exponents are accepted", "[scenario][units]") {
    CHECK(parse("12m/s", Dimension::speed) == 12.0);
    CHECK(parse("  12   m/s  ", Dimension::speed) == 12.0);
    CHECK(parse("+5 s", Dimension::duration) == 5.0);
    CHECK(parse("-5 s", Dimension::duration) == -5.0);  // sign is the field's business
    CHECK(parse("1.5e3 m", Dimension::length) == 1500.0);
}

TEST_CASE("unit errors say what was expected and point at the unit", "[scenario][units]") {
    auto e = parse_error("12 kg", Dimension::speed);
    CHECK_THAT(e.message, Catch::Contains("wrong kind of unit: expected a speed"));
    CHECK(e.offset == 3);

    e = parse_error("12 m/h", Dimension::speed);
    CHECK_THAT(e.message, Catch::Contains("unknown unit 'm/h'"));
    CHECK_THAT(e.message, Catch::Contains("accepted units: m/s, km/h, mph, kn"));
    CHECK(e.offset == 3);

    e = parse_error("12", Dimension::speed);
    CHECK_THAT(e.message, Catch::StartsWith("missing unit"));

    e = parse_error("fast", Dimension::speed);
    CHECK_THAT(e.message, Catch::Contains("expected a speed"));
    CHECK(e.offset == 0);

    CHECK_THAT(parse_error("nan m", Dimension::length).message, Catch::Contains("finite"));
    CHECK_THAT(parse_error("inf m", Dimension::length).message, Catch::Contains("finite"));
    CHECK_THAT(parse_error("1e308 kWh", Dimension::energy).message,
               Catch::Contains("out of range"));
    CHECK_THAT(parse_error("", Dimension::energy).message, Catch::Contains("expected an energy"));
}

TEST_CASE("every accepted unit is documented in docs/units.md", "[scenario][units]") {
    std::ifstream in(LASTMILE_SOURCE_DIR "/docs/units.md");
    REQUIRE(in);
    std::stringstream doc;
    doc << in.rdbuf();
    for (const auto& unit : unit_table()) {
        INFO("unit " << unit.symbol);
        CHECK_THAT(doc.str(), Catch::Contains("`" + std::string(unit.symbol) + "`") ||
                                  Catch::Contains(std::string(unit.symbol) + "`,"));
    }
}
