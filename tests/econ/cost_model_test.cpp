// The cost engine against figures derived by hand, and its properties.

#include <cmath>

#include <catch2/catch.hpp>

#include <lastmile/econ/analysis.hpp>
#include <lastmile/econ/cost_model.hpp>
#include <lastmile/econ/finance.hpp>

using namespace lastmile;
using econ::Option;
using scenario::CostItem;

namespace {

constexpr double kYear_s = 365.25 * 86400;
constexpr double kHour_s = 3600;
constexpr double kCent = 0.005;

scenario::EconParam figure(double value) {
    scenario::EconParam p;
    p.value = value;
    return p;
}

/// One drone type, ten in service, one depot. Every figure in internal units.
scenario::EconomicsSpec fixture_spec() {
    scenario::EconomicsSpec s;
    s.present = true;
    s.horizon_s = figure(5 * kYear_s);
    s.discount_rate = figure(0.10);
    s.operating_days = figure(300);
    s.energy_price = figure(0.20 / 1000);  // 0.20 USD/kWh
    s.charger_efficiency = figure(0.8);
    s.site_capex = figure(10'000);
    s.site_rent = figure(12'000 / kYear_s);  // 12,000 USD/year
    s.field_crew = figure(1);
    s.field_wage = figure(25 / kHour_s);  // 25 USD/h
    scenario::OperatorSpec ops;
    ops.vehicles_per_operator = figure(5);
    ops.wage = figure(30 / kHour_s);
    ops.burden = figure(1.5);
    ops.min_crew = figure(1);
    s.drone_operators = ops;
    scenario::VehicleEconomics v;
    v.type_id = "q";
    auto& o = v.owned;
    o.unit_price = figure(20'000);
    o.spare_ratio = figure(0.10);
    o.life_s = figure(4 * kYear_s);
    o.life_operating_s = figure(1e6 * kHour_s);
    o.salvage = figure(0.10);
    o.battery_pack_cost = figure(500);
    o.battery_cycle_life = figure(500);
    o.maintenance_share_per_year = figure(0.05);
    o.maintenance_per_operating_s = figure(2 / kHour_s);
    o.maintenance_per_failure = figure(300);
    o.insurance = figure(1'200 / kYear_s);
    o.software = figure(50 * 12 / kYear_s);  // 50 USD/month
    auto& r = v.raas;
    r.fee = figure(1'500 * 12 / kYear_s);  // 1,500 USD/month
    r.per_delivery = figure(1);
    r.per_active_s = figure(0);
    r.minimum_active_s = figure(0);
    r.onboarding = figure(5'000);
    r.escalator = figure(0);
    r.includes = {CostItem::maintenance, CostItem::insurance, CostItem::software,
                  CostItem::battery};
    s.vehicles.push_back(v);
    return s;
}

/// A 12-hour run (one operating day): 40 vehicle-hours on mission, 20 battery cycles, one
/// failure, 40 kWh, 200 deliveries; 5 drones on mission for 6 h, then 8 for 6 h.
econ::Activity fixture_activity() {
    econ::Activity a;
    a.duration_s = 12 * kHour_s;
    a.depots = 1;
    econ::TypeActivity t;
    t.vehicles = 10;
    t.active_s = 40 * kHour_s;
    t.battery_cycles = 20;
    t.failures = 1;
    t.energy_wh = 40'000;
    t.deliveries = 200;
    a.types.push_back(t);
    a.drones.start_s = {0, 6 * kHour_s};
    a.drones.active = {5, 8};
    return a;
}

double line(const econ::Costs& c, Option option, CostItem item) {
    double usd = 0;
    for (const auto& l : c.lines) {
        usd += l.option == option && l.item == item ? l.annual_usd : 0.0;
    }
    return usd;
}

}  // namespace

TEST_CASE("finance factors", "[econ][finance]") {
    // CRF(10 %, 4) = 0.1 * 1.1^4 / (1.1^4 - 1) = 0.146410 / 0.4641.
    CHECK(econ::capital_recovery_factor(0.10, 4) == Approx(0.1 * 1.4641 / 0.4641));
    CHECK(econ::sinking_fund_factor(0.10, 4) == Approx(0.1 / 0.4641));
    CHECK(econ::capital_recovery_factor(0, 4) == Approx(0.25));
    // Repaying 1 over 5 years: the annuity factor undoes the CRF.
    CHECK(econ::annuity_factor(0.08, 5) * econ::capital_recovery_factor(0.08, 5) == Approx(1));
    CHECK(econ::level_escalation_factor(0.08, 0, 5) == Approx(1));
    // Two years at 10 %, growing 5 %: (1/1.1 + 1.05/1.21) * CRF(10 %, 2).
    CHECK(econ::level_escalation_factor(0.10, 0.05, 2) ==
          Approx((1 / 1.1 + 1.05 / 1.21) * econ::capital_recovery_factor(0.10, 2)));
}

TEST_CASE("a hand-worked fleet: annual costs, cost per delivery and break-even fee to the cent",
          "[econ][cost]") {
    const auto c = econ::evaluate(fixture_spec(), fixture_activity());
    // One run is one operating day: x300 a year. Deliveries: 200 * 300 = 60,000.
    CHECK(c.deliveries_per_year == Approx(60'000));

    // Capital: 10 + ceil(10 * 10 %) = 11 drones at 20,000 = 220,000. Use is 40 h * 300 / 10 =
    // 1,200 h per drone-year, so the 4-year calendar life ends first. CRF(10 %, 4) =
    // 0.3154708037, SFF = 0.2154708037: 220,000 * 0.3154708037 - 22,000 * 0.2154708037 =
    // 69,403.58 - 4,740.36 = 64,663.22.
    CHECK(line(c, Option::owned, CostItem::capital) == Approx(64'663.22).margin(kCent));
    // Battery: 20 * 300 = 6,000 cycles / 500 * 500 USD = 6,000.
    CHECK(line(c, Option::owned, CostItem::battery) == Approx(6'000).margin(kCent));
    // Maintenance: 5 % * 220,000 = 11,000; 2 USD/h * 12,000 h = 24,000; 300 failures * 300 =
    // 90,000: 125,000.
    CHECK(line(c, Option::owned, CostItem::maintenance) == Approx(125'000).margin(kCent));
    CHECK(line(c, Option::owned, CostItem::insurance) == Approx(11 * 1'200).margin(kCent));
    CHECK(line(c, Option::owned, CostItem::software) == Approx(11 * 50 * 12).margin(kCent));
    // Energy: 40 kWh * 300 / 0.8 * 0.20 USD/kWh = 3,000.
    CHECK(line(c, Option::owned, CostItem::energy) == Approx(3'000).margin(kCent));
    // Operators: ceil(5/5) = 1 for 6 h, ceil(8/5) = 2 for 6 h: 18 h a day, 5,400 h a year, at
    // 30 USD/h * 1.5 = 243,000.
    CHECK(c.operator_hours_per_year == Approx(5'400));
    CHECK(line(c, Option::owned, CostItem::remote_operators) == Approx(243'000).margin(kCent));
    // Site: 10,000 * CRF(10 %, 5) = 2,637.97 + rent 12,000 = 14,637.97. Field crew: one person
    // for 12 h * 300 days at 25 USD/h = 90,000.
    CHECK(line(c, Option::owned, CostItem::site) == Approx(14'637.97).margin(kCent));
    CHECK(line(c, Option::owned, CostItem::field_crew) == Approx(90'000).margin(kCent));
    // Owned: 64,663.22 + 6,000 + 125,000 + 13,200 + 6,600 + 3,000 + 243,000 + 14,637.97 +
    // 90,000 = 566,101.19, or 9.44 per delivery.
    CHECK(c.owned.annual_usd == Approx(566'101.19).margin(kCent));
    CHECK(c.owned.cost_per_delivery_usd == Approx(566'101.19 / 60'000).margin(1e-6));

    // RaaS: 10 * 1,500 * 12 = 180,000 + 1 USD * 60,000 + onboarding 5,000 * CRF(10 %, 5) =
    // 1,318.99: 241,318.99. Not included: energy 3,000 and operators 243,000. With the same
    // site and field crew: 591,956.96, or 9.87 per delivery.
    CHECK(line(c, Option::raas, CostItem::raas_fee) == Approx(241'318.99).margin(kCent));
    CHECK(line(c, Option::raas, CostItem::maintenance) == 0);
    CHECK(line(c, Option::raas, CostItem::energy) == Approx(3'000).margin(kCent));
    CHECK(c.raas.annual_usd == Approx(591'956.96).margin(kCent));
    CHECK(c.raas.cost_per_delivery_usd == Approx(591'956.96 / 60'000).margin(1e-6));

    // Present values over 5 years: annual cost / CRF(10 %, 5) = * 3.790787.
    CHECK(c.owned.present_value_usd == Approx(2'145'968.92).margin(kCent));
    CHECK(c.raas.present_value_usd == Approx(2'243'982.62).margin(kCent));

    // Break-even fee: owning the type costs 461,463.22 (everything but site and field crew);
    // renting it without the fee 60,000 + 1,318.99 + 3,000 + 243,000 = 307,318.99; the fee
    // that closes the gap over 120 vehicle-months is 1,284.54 USD/month.
    REQUIRE(c.break_even_fee.size() == 1);
    CHECK(c.break_even_fee[0] * kYear_s / 12 == Approx(1'284.54).margin(kCent));
}

TEST_CASE("cost properties", "[econ][cost]") {
    const auto spec = fixture_spec();
    const auto activity = fixture_activity();
    const auto base = econ::evaluate(spec, activity);

    SECTION("more deliveries on the same fleet lower the owned cost per delivery") {
        const auto busier = econ::evaluate(spec, activity, 1.5);
        CHECK(busier.deliveries_per_year == Approx(1.5 * base.deliveries_per_year));
        CHECK(busier.owned.cost_per_delivery_usd < base.owned.cost_per_delivery_usd);
    }
    SECTION("a RaaS fee 1 USD higher per vehicle-month costs 1 USD more per vehicle-month") {
        auto dearer = spec;
        dearer.vehicles[0].raas.fee.value += 12 / kYear_s;
        const auto c = econ::evaluate(dearer, activity);
        CHECK(c.raas.annual_usd - base.raas.annual_usd == Approx(10 * 12).margin(1e-6));
        CHECK(c.owned.annual_usd == base.owned.annual_usd);
    }
    SECTION("at the break-even fee the two options cost the same") {
        for (const double escalator : {0.0, 0.03}) {
            auto at = spec;
            at.vehicles[0].raas.escalator.value = escalator;
            const auto first = econ::evaluate(at, activity);
            at.vehicles[0].raas.fee.value = first.break_even_fee[0];
            const auto c = econ::evaluate(at, activity);
            CHECK(c.raas.annual_usd == Approx(c.owned.annual_usd).epsilon(1e-12));
        }
    }
    SECTION("the break-even volume equalises the totals") {
        const auto report = econ::analyse(spec, activity);
        REQUIRE(report.break_even_deliveries_per_year.has_value());
        const double v = *report.break_even_deliveries_per_year / base.deliveries_per_year;
        const auto c = econ::evaluate(spec, activity, v);
        CHECK(c.owned.annual_usd == Approx(c.raas.annual_usd).epsilon(1e-9));
    }
    SECTION("minimum hours are billed per vehicle") {
        // 10 drones, 40 h on mission a day between two of them (20 h each); 2 USD per active
        // hour, at least 100 h per vehicle-month (1,200 h a year). The two busy ones fly
        // 6,000 h a year each; the eight idle ones are billed 1,200 h each: 21,600 h, 43,200 USD.
        auto billed = spec;
        billed.vehicles[0].raas.per_active_s.value = 2 / kHour_s;
        billed.vehicles[0].raas.minimum_active_s.value = 100 * kHour_s;
        auto busy_two = activity;
        busy_two.types[0].vehicle_active_s = {20 * kHour_s, 20 * kHour_s, 0, 0, 0, 0, 0, 0, 0, 0};
        const auto c = econ::evaluate(billed, busy_two);
        CHECK(line(c, Option::raas, CostItem::raas_fee) -
                  line(base, Option::raas, CostItem::raas_fee) ==
              Approx(43'200).margin(kCent));
    }
    SECTION("with nobody on missions the minimum crew is still paid") {
        auto idle = activity;
        idle.types[0].active_s = 0;
        idle.drones.active = {0, 0};
        const auto c = econ::evaluate(spec, idle);
        // One operator for 12 h a day, 300 days, at 45 USD/h loaded.
        CHECK(line(c, Option::owned, CostItem::remote_operators) == Approx(12 * 300 * 45.0));
    }
    SECTION("a vanishing discount rate tends to straight-line annualisation") {
        auto flat = spec;
        flat.discount_rate.value = 1e-17;
        const auto c = econ::evaluate(flat, activity);
        // 220,000 over 4 years less 22,000 over 4 years.
        CHECK(line(c, Option::owned, CostItem::capital) == Approx((220'000 - 22'000) / 4.0));
        CHECK(std::isfinite(c.owned.present_value_usd));
    }
    SECTION("volumes beyond the fleet's capacity are flagged") {
        // 40 of 120 drone-hours on mission: the fleet could carry three times the work.
        CHECK(econ::capacity_volume(activity) == Approx(3));
        const auto report = econ::analyse(spec, activity);
        for (const auto& p : report.volume_curve) {
            CHECK(p.fleet_utilisation == Approx(p.volume / 3));
        }
    }
    SECTION("the tornado moves each figure across its range, largest swing first") {
        auto ranged = spec;
        ranged.vehicles[0].owned.unit_price.low = 10'000;
        ranged.vehicles[0].owned.unit_price.high = 40'000;
        ranged.vehicles[0].owned.unit_price.key = "price";
        ranged.energy_price.low = 0.1 / 1000;
        ranged.energy_price.high = 0.3 / 1000;
        ranged.energy_price.key = "energy";
        const auto report = econ::analyse(ranged, activity);
        REQUIRE(report.sensitivity.size() == 2);
        CHECK(report.sensitivity[0].key == "price");
        CHECK(report.sensitivity[0].owned_at_low < base.owned.cost_per_delivery_usd);
        CHECK(report.sensitivity[0].owned_at_high > base.owned.cost_per_delivery_usd);
        // RaaS does not buy drones.
        CHECK(report.sensitivity[0].raas_at_low == Approx(base.raas.cost_per_delivery_usd));
        CHECK(report.sensitivity[1].swing() < report.sensitivity[0].swing());
    }
}

TEST_CASE("operator-hours follow the activity: a peak needs more than a flat day",
          "[econ][operators]") {
    // The same 48 drone-hours on mission: 4 all day, or 8 for half the day and none after.
    econ::ActiveSeries flat{{0}, {4}};
    econ::ActiveSeries peak{{0, 6 * kHour_s}, {8, 0}};
    const double day = 12 * kHour_s;
    // 4 per operator, a minimum crew of 1: flat needs 1 for 12 h; the peak 2 for 6 h and the
    // minimum crew of 1 for the other 6 h.
    CHECK(econ::operator_hours(flat, day, 4, 1) == Approx(12));
    CHECK(econ::operator_hours(peak, day, 4, 1) == Approx(18));
    // Rounded up per interval: 5 on mission need 2 operators.
    CHECK(econ::operator_hours({{0}, {5}}, day, 4, 0) == Approx(24));
}
