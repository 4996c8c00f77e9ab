#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/model/charging.hpp>

using namespace lastmile;

namespace {

scenario::ChargerSpec charger(double power_w, double taper_above, double floor) {
    scenario::ChargerSpec c;
    c.count = 1;
    c.power_w = power_w;
    c.taper_above_fraction = taper_above;
    c.taper_floor_fraction = floor;
    return c;
}

/// The same integral, stepped: dt = dE / P(state of charge).
double numeric_charge_time_s(const scenario::ChargerSpec& c, double usable, double from,
                             double to) {
    const int steps = 2'000'000;
    const double de = (to - from) / steps;
    double t = 0;
    for (int i = 0; i < steps; ++i) {
        const double s = (from + (i + 0.5) * de) / usable;
        double p = c.power_w;
        if (s > c.taper_above_fraction) {
            p = std::max(c.taper_floor_fraction, (1 - s) / (1 - c.taper_above_fraction)) *
                c.power_w;
        }
        t += de / p * 3600;
    }
    return t;
}

}  // namespace

TEST_CASE("without taper, charge time is energy over power", "[model][charging]") {
    const auto c = charger(1000, 1.0, 0.1);
    CHECK(model::charge_time_s(c, 500, 100, 500) == Approx(400.0 / 1000 * 3600));
    CHECK(model::charge_time_s(c, 500, 500, 500) == 0);
}

TEST_CASE("the tapered charge time matches a stepped integration", "[model][charging]") {
    const auto c = charger(1500, 0.8, 0.1);
    for (const auto& [from, to] :
         {std::pair{0.0, 450.0}, std::pair{200.0, 400.0}, std::pair{380.0, 450.0},
          std::pair{445.0, 450.0}, std::pair{100.0, 300.0}}) {
        INFO("from " << from << " Wh to " << to << " Wh");
        CHECK(model::charge_time_s(c, 450, from, to) ==
              Approx(numeric_charge_time_s(c, 450, from, to)).epsilon(1e-6));
    }
}

TEST_CASE("tapering makes the last part of a charge slower than the first", "[model][charging]") {
    const auto c = charger(1000, 0.8, 0.1);
    const double first_fifth = model::charge_time_s(c, 500, 0, 100);
    const double last_fifth = model::charge_time_s(c, 500, 400, 500);
    CHECK(last_fifth > 2 * first_fifth);
}
