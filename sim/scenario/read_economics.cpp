// The `economics` section: owned and RaaS costs per vehicle type, operators, sites, energy,
// finance. Each figure may carry a low-high range and its source.

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>

#include <lastmile/scenario/economics_spec.hpp>

#include "loader_common.hpp"

namespace lastmile::scenario::detail {
namespace {

constexpr double kYear_s = 365.25 * 86400;

/// How one kind of figure is read: its dimension (none for a plain number), bounds, and the
/// internal unit reports show.
struct Kind {
    std::optional<Dimension> dimension;
    double min;
    double max;
    bool min_open;  ///< the minimum itself is refused
    std::string_view range;
    std::string_view unit;
    bool whole = false;  ///< people come whole
};

// Ids and sources go into fixed-width text columns of the results file.
constexpr std::size_t kMaxIdLength = 24;
constexpr std::size_t kMaxSourceLength = 160;

constexpr Kind kMoney{Dimension::money, 0, 1e12, false, "from 0 USD to 1e12 USD", "USD"};
constexpr Kind kMoneyRate{Dimension::money_per_time, 0,      1e6, false,
                          "from 0 USD/h upwards",    "USD/s"};
constexpr Kind kEnergyPrice{Dimension::money_per_energy,      0,       1, false,
                            "from 0 USD/kWh to 1000 USD/kWh", "USD/Wh"};
constexpr Kind kShare{Dimension::fraction, 0, 10, false, "from 0 % to 1000 %", "1"};
constexpr Kind kPart{Dimension::fraction, 0, 1, false, "from 0 % to 100 %", "1"};
constexpr Kind kEfficiency{Dimension::fraction, 0, 1, true, "above 0 % and at most 100 %", "1"};
constexpr Kind kRate{Dimension::fraction, -1, 10, true, "above -100 % and at most 1000 %", "1"};
constexpr Kind kLife{
    Dimension::duration, 0, 100 * kYear_s, true, "above 0 and at most 100 year", "s"};
constexpr Kind kCalendarLife{Dimension::duration,    86400, 100 * kYear_s, false,
                             "from 1 d to 100 year", "s"};
constexpr Kind kOperatingLife{Dimension::duration,    3600, 100 * kYear_s, false,
                              "from 1 h to 100 year", "s"};
constexpr Kind kBilledTime{Dimension::duration,         0,  kYear_s / 12, false,
                           "from 0 h to a whole month", "s"};
constexpr Kind kPeople{std::nullopt, 0, 1e6, false, "from 0 to 1000000", "1", true};
constexpr Kind kRatio{std::nullopt, 0.01, 1e6, false, "from 0.01 to 1000000", "1"};
constexpr Kind kMultiplier{std::nullopt, 1, 10, false, "from 1 to 10", "1"};
constexpr Kind kCycles{std::nullopt, 1, 1e7, false, "from 1 to 10000000", "1"};
constexpr Kind kDays{std::nullopt, 1, 366, false, "from 1 to 366", "1"};

double scalar(const Value& v, const Kind& kind) {
    const double x = kind.whole
                         ? static_cast<double>(v.as_integer(static_cast<std::int64_t>(kind.min),
                                                            static_cast<std::int64_t>(kind.max)))
                     : kind.dimension ? v.as_quantity(*kind.dimension)
                                      : v.as_number();
    if (x < kind.min || x > kind.max || (kind.min_open && x == kind.min)) {
        v.fail(fmt::format("expected {} {}, found '{}'",
                           kind.dimension ? describe(*kind.dimension) : "a number", kind.range,
                           v.node().Scalar()));
    }
    return x;
}

/// A figure: `"5000 USD"`, or `{value: "5000 USD", low: ..., high: ..., source: "..."}`.
EconParam param(const Value& v, const Kind& kind) {
    EconParam p;
    p.key = v.path();
    p.unit = kind.unit;
    if (!v.node().IsMap()) {
        p.value = scalar(v, kind);
        return p;
    }
    const MapReader map(v, {"value", "low", "high", "source"});
    p.value = scalar(map.required("value"), kind);
    const auto low = map.optional("low");
    const auto high = map.optional("high");
    if (low.has_value() != high.has_value()) {
        (low ? *low : *high).fail("give both low and high for a sensitivity range, or neither");
    }
    if (low) {
        p.low = scalar(*low, kind);
        p.high = scalar(*high, kind);
        if (!(p.low <= p.value && p.value <= p.high)) {
            low->fail(fmt::format("the range must hold the value: low {} <= value {} <= high {}",
                                  p.low, p.value, p.high));
        }
    }
    if (auto source = map.optional("source")) {
        p.source = source->as_string();
        if (p.source.size() > kMaxSourceLength) {
            source->fail(
                fmt::format("a source may be at most {} bytes, found {}: shorten it or "
                            "cite a document",
                            kMaxSourceLength, p.source.size()));
        }
    }
    return p;
}

EconParam required(const MapReader& map, std::string_view key, const Kind& kind) {
    return param(map.required(key), kind);
}

/// An optional figure that defaults to `fallback` (in internal units) without a source.
EconParam optional(const MapReader& map, std::string_view key, const Kind& kind, double fallback) {
    if (auto v = map.optional(key)) {
        return param(*v, kind);
    }
    EconParam p;
    p.value = fallback;
    p.key = map.self().path() + "." + std::string(key);
    p.unit = kind.unit;
    p.source = "default";
    return p;
}

OperatorSpec read_operators(const Value& node) {
    const MapReader map(node, {"vehicles_per_operator", "wage", "burden", "min_crew"});
    OperatorSpec ops;
    ops.vehicles_per_operator = required(map, "vehicles_per_operator", kRatio);
    ops.wage = required(map, "wage", kMoneyRate);
    ops.burden = optional(map, "burden", kMultiplier, 1);
    ops.min_crew = optional(map, "min_crew", kPeople, 0);
    return ops;
}

OwnedCosts read_owned(const Value& node) {
    const MapReader map(
        node, {"unit_price", "spare_ratio", "life", "life_hours", "salvage", "battery_pack_cost",
               "battery_cycle_life", "maintenance", "insurance", "software"});
    OwnedCosts o;
    o.unit_price = required(map, "unit_price", kMoney);
    o.spare_ratio = optional(map, "spare_ratio", kShare, 0);
    o.life_s = required(map, "life", kCalendarLife);
    o.life_operating_s = optional(map, "life_hours", kOperatingLife, 100 * kYear_s);
    o.salvage = optional(map, "salvage", kPart, 0);
    o.battery_pack_cost = optional(map, "battery_pack_cost", kMoney, 0);
    o.battery_cycle_life = optional(map, "battery_cycle_life", kCycles, 1);
    if (auto m = map.optional("maintenance")) {
        const MapReader mm(*m, {"share_of_price", "per_operating_hour", "per_failure"});
        o.maintenance_share_per_year = optional(mm, "share_of_price", kShare, 0);
        o.maintenance_per_operating_s = optional(mm, "per_operating_hour", kMoneyRate, 0);
        o.maintenance_per_failure = optional(mm, "per_failure", kMoney, 0);
    } else {
        const std::string base = map.self().path() + ".maintenance.";
        for (const auto& [p, key, unit] :
             {std::tuple{&o.maintenance_share_per_year, "share_of_price", "1"},
              std::tuple{&o.maintenance_per_operating_s, "per_operating_hour", "USD/s"},
              std::tuple{&o.maintenance_per_failure, "per_failure", "USD"}}) {
            p->key = base + key;
            p->unit = unit;
            p->source = "default";
        }
    }
    o.insurance = optional(map, "insurance", kMoneyRate, 0);
    o.software = optional(map, "software", kMoneyRate, 0);
    return o;
}

RaasTerms read_raas(const Value& node) {
    const MapReader map(node, {"fee", "per_delivery", "per_active_hour", "minimum_hours",
                               "onboarding", "escalator", "includes"});
    RaasTerms r;
    r.fee = required(map, "fee", kMoneyRate);
    r.per_delivery = optional(map, "per_delivery", kMoney, 0);
    r.per_active_s = optional(map, "per_active_hour", kMoneyRate, 0);
    r.minimum_active_s = optional(map, "minimum_hours", kBilledTime, 0);
    r.onboarding = optional(map, "onboarding", kMoney, 0);
    r.escalator = optional(map, "escalator", kRate, 0);
    if (auto includes = map.optional("includes")) {
        std::vector<std::string> names;
        for (const CostItem item : kIncludableItems) {
            names.emplace_back(name_of(item));
        }
        for (const auto& v : includes->as_list()) {
            const std::string name = v.as_string();
            const auto it = std::find(names.begin(), names.end(), name);
            if (it == names.end()) {
                v.fail(fmt::format("unknown cost item '{}'{}: a RaaS fee can include {}", name,
                                   suggestion_hint(name, names), fmt::join(names, ", ")));
            }
            const CostItem item = kIncludableItems[static_cast<std::size_t>(it - names.begin())];
            if (std::find(r.includes.begin(), r.includes.end(), item) != r.includes.end()) {
                v.fail(fmt::format("cost item '{}' is listed twice", name));
            }
            r.includes.push_back(item);
        }
    }
    return r;
}

}  // namespace

EconomicsSpec read_economics(const Value& node, const ScenarioSpec& spec) {
    const MapReader map(node, {"finance", "energy", "sites", "operators", "vehicles"});
    EconomicsSpec econ;
    econ.present = true;
    {
        const MapReader finance(map.required("finance"),
                                {"horizon", "discount_rate", "operating_days"});
        const Value horizon = finance.required("horizon");
        econ.horizon_s = param(horizon, kLife);
        for (const double h : {econ.horizon_s.value, econ.horizon_s.low, econ.horizon_s.high}) {
            if (!std::isnan(h) && std::abs(h / kYear_s - std::round(h / kYear_s)) > 1e-9) {
                horizon.fail(
                    fmt::format("the horizon must be a whole number of years, found {} "
                                "year",
                                h / kYear_s));
            }
        }
        econ.discount_rate = required(finance, "discount_rate", kRate);
        econ.operating_days = required(finance, "operating_days", kDays);
    }
    {
        const MapReader energy(map.required("energy"), {"price", "charger_efficiency"});
        econ.energy_price = required(energy, "price", kEnergyPrice);
        econ.charger_efficiency = optional(energy, "charger_efficiency", kEfficiency, 1);
    }
    if (auto sites = map.optional("sites")) {
        const MapReader sm(*sites, {"capex", "rent", "field_crew", "field_wage"});
        econ.site_capex = optional(sm, "capex", kMoney, 0);
        econ.site_rent = optional(sm, "rent", kMoneyRate, 0);
        econ.field_crew = optional(sm, "field_crew", kPeople, 0);
        econ.field_wage = optional(sm, "field_wage", kMoneyRate, 0);
    } else {
        for (const auto& [p, key, unit] : {std::tuple{&econ.site_capex, "capex", "USD"},
                                           std::tuple{&econ.site_rent, "rent", "USD/s"},
                                           std::tuple{&econ.field_crew, "field_crew", "1"},
                                           std::tuple{&econ.field_wage, "field_wage", "USD/s"}}) {
            p->key = map.self().path() + ".sites." + key;
            p->unit = unit;
            p->source = "default";
        }
    }

    const Value vehicles = map.required("vehicles");
    std::vector<Value> ids;
    bool drones = false;
    bool robots = false;
    for (const auto& v : non_empty_list(vehicles, "vehicle type")) {
        const MapReader vm(v, {"type", "owned", "raas"});
        VehicleEconomics ve;
        ids.push_back(vm.required("type"));
        ve.type_id = ids.back().as_id();
        ve.defined_at = v.location();
        bool found = false;
        for (std::size_t i = 0; i < spec.drone_types.size() && !found; ++i) {
            if (spec.drone_types[i].id == ve.type_id) {
                ve.mode = VehicleMode::drone;
                ve.type_index = i;
                found = true;
            }
        }
        for (std::size_t i = 0; i < spec.robot_types.size() && !found; ++i) {
            if (spec.robot_types[i].id == ve.type_id) {
                ve.mode = VehicleMode::robot;
                ve.type_index = i;
                found = true;
            }
        }
        if (!found) {
            std::vector<std::string> known;
            for (const auto& t : spec.drone_types) {
                known.push_back(t.id);
            }
            for (const auto& t : spec.robot_types) {
                known.push_back(t.id);
            }
            ids.back().fail(fmt::format("unknown vehicle type '{}'{}", ve.type_id,
                                        suggestion_hint(ve.type_id, known)));
        }
        (ve.mode == VehicleMode::drone ? drones : robots) = true;
        ve.owned = read_owned(vm.required("owned"));
        ve.raas = read_raas(vm.required("raas"));
        econ.vehicles.push_back(std::move(ve));
    }
    struct Named {
        std::string id;
        SourceLocation defined_at;
    };
    std::vector<Named> named;
    for (const auto& ve : econ.vehicles) {
        named.push_back({ve.type_id, ve.defined_at});
    }
    index_ids(named, ids, "economics vehicle type");

    // The whole fleet is costed: operators and sites serve every vehicle, so a type left out
    // would have its share of them charged to the others.
    for (const auto& fleet : spec.fleets) {
        const auto& id = fleet.mode == VehicleMode::drone ? spec.drone_types[fleet.type_index].id
                                                          : spec.robot_types[fleet.type_index].id;
        const bool listed =
            std::any_of(econ.vehicles.begin(), econ.vehicles.end(),
                        [&](const VehicleEconomics& ve) { return ve.type_id == id; });
        if (!listed) {
            vehicles.fail(
                fmt::format("fleet '{}' flies or drives type '{}', which the economics "
                            "do not cost: list it in economics.vehicles",
                            fleet.id, id));
        }
    }
    for (std::size_t t = 0; t < econ.vehicles.size(); ++t) {
        const auto& ve = econ.vehicles[t];
        const bool has_fleet =
            std::any_of(spec.fleets.begin(), spec.fleets.end(), [&](const FleetSpec& fleet) {
                return fleet.mode == ve.mode && fleet.type_index == ve.type_index;
            });
        if (!has_fleet) {
            ids[t].fail(fmt::format("no fleet has vehicle type '{}': there is nothing to cost",
                                    ve.type_id));
        }
        if (ve.type_id.size() > kMaxIdLength) {
            ids[t].fail(
                fmt::format("a costed vehicle type id may be at most {} characters, found "
                            "{}",
                            kMaxIdLength, ve.type_id.size()));
        }
    }

    const auto operators = map.optional("operators");
    std::optional<MapReader> om;
    if (operators) {
        om.emplace(*operators, std::initializer_list<std::string_view>{"drones", "robots"});
    }
    for (const auto& [needed, key, slot] : {std::tuple{drones, "drones", &econ.drone_operators},
                                            std::tuple{robots, "robots", &econ.robot_operators}}) {
        std::optional<Value> v = om ? om->optional(key) : std::nullopt;
        if (needed && !v) {
            (operators ? *operators : node)
                .fail(fmt::format("economics.operators.{} is required: the economics list {} "
                                  "that need remote operators",
                                  key, key));
        }
        if (v) {
            *slot = read_operators(*v);
        }
    }
    return econ;
}

}  // namespace lastmile::scenario::detail
