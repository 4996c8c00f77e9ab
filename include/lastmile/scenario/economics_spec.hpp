#pragma once
/// Economic parameters of a scenario: what owning a fleet costs, what renting it as a service
/// (RaaS) costs, remote operators, sites, energy and finance. Every figure is an EconParam in
/// internal units (USD, seconds, USD/s, USD/Wh, fractions) with an optional low-high range for
/// the sensitivity analysis and the source it was taken from.

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lastmile/scenario/input_error.hpp>

namespace lastmile::scenario {

enum class VehicleMode : std::uint8_t;  // spec.hpp; 0 is drone

struct EconParam {
    double value = 0;
    double low = std::numeric_limits<double>::quiet_NaN();  ///< both or neither
    double high = std::numeric_limits<double>::quiet_NaN();
    std::string source;  ///< where the figure comes from; "placeholder" if nowhere
    std::string key;     ///< key path in the scenario, e.g. economics.finance.discount_rate
    std::string unit;    ///< internal unit, for reports
    bool has_range() const { return !std::isnan(low); }
};

/// Cost items. A RaaS fee always replaces the capital cost; `includes` says which other items
/// the provider covers (the operator pays the rest, priced as if owned).
enum class CostItem {
    capital,
    battery,
    maintenance,
    insurance,
    software,
    energy,
    remote_operators,
    field_crew,
    site,
    raas_fee,
};
inline constexpr std::array<std::string_view, 10> kCostItemNames{
    "capital", "battery",          "maintenance", "insurance", "software",
    "energy",  "remote_operators", "field_crew",  "site",      "raas_fee"};
/// The items a RaaS fee can include.
inline constexpr std::array<CostItem, 6> kIncludableItems{
    CostItem::battery,  CostItem::maintenance, CostItem::insurance,
    CostItem::software, CostItem::energy,      CostItem::remote_operators};

inline std::string_view name_of(CostItem item) {
    return kCostItemNames[static_cast<std::size_t>(item)];
}

struct OwnedCosts {
    EconParam unit_price;                   ///< USD per vehicle
    EconParam spare_ratio;                  ///< spares bought per active vehicle (rounded up)
    EconParam life_s;                       ///< calendar life
    EconParam life_operating_s;             ///< life in operating (on-mission) time
    EconParam salvage;                      ///< fraction of the price recovered at the end
    EconParam battery_pack_cost;            ///< USD per pack
    EconParam battery_cycle_life;           ///< equivalent full cycles per pack
    EconParam maintenance_share_per_year;   ///< fraction of the price, per vehicle-year
    EconParam maintenance_per_operating_s;  ///< USD per operating second
    EconParam maintenance_per_failure;      ///< USD
    EconParam insurance;                    ///< USD/s per vehicle
    EconParam software;                     ///< USD/s per vehicle (software and connectivity)
};

struct RaasTerms {
    EconParam fee;               ///< USD/s per vehicle in service (quoted per month)
    EconParam per_delivery;      ///< USD
    EconParam per_active_s;      ///< USD per on-mission second
    EconParam minimum_active_s;  ///< on-mission time billed at least, per vehicle-month
    EconParam onboarding;        ///< USD, once
    EconParam escalator;         ///< yearly increase of every fee
    std::vector<CostItem> includes;
};

/// Economics of one vehicle type.
struct VehicleEconomics {
    std::string type_id;
    VehicleMode mode{};
    std::size_t type_index = 0;  ///< into drone_types or robot_types, by mode
    OwnedCosts owned;
    RaasTerms raas;
    SourceLocation defined_at;
};

/// Remote operators of one mode (drone pilots, robot teleoperators).
struct OperatorSpec {
    EconParam vehicles_per_operator;
    EconParam wage;    ///< USD/s
    EconParam burden;  ///< employer cost over wage
    EconParam min_crew;
};

struct EconomicsSpec {
    bool present = false;
    EconParam horizon_s;  ///< whole years
    EconParam discount_rate;
    EconParam operating_days;  ///< per year; each run is one operating day (or its length)
    EconParam energy_price;    ///< USD/Wh
    EconParam charger_efficiency;
    EconParam site_capex;  ///< USD per depot, once
    EconParam site_rent;   ///< USD/s per depot
    EconParam field_crew;  ///< people per depot while the run lasts
    EconParam field_wage;  ///< USD/s
    std::optional<OperatorSpec> drone_operators;
    std::optional<OperatorSpec> robot_operators;
    std::vector<VehicleEconomics> vehicles;
};

/// Calls f(param) for every parameter, in a fixed order.
template <typename Spec, typename F>
void for_each_param(Spec& spec, F&& f) {
    for (auto* p : {&spec.horizon_s, &spec.discount_rate, &spec.operating_days, &spec.energy_price,
                    &spec.charger_efficiency, &spec.site_capex, &spec.site_rent, &spec.field_crew,
                    &spec.field_wage}) {
        f(*p);
    }
    for (auto* ops : {&spec.drone_operators, &spec.robot_operators}) {
        if (*ops) {
            auto& o = **ops;
            for (auto* p : {&o.vehicles_per_operator, &o.wage, &o.burden, &o.min_crew}) {
                f(*p);
            }
        }
    }
    for (auto& v : spec.vehicles) {
        auto& o = v.owned;
        for (auto* p : {&o.unit_price, &o.spare_ratio, &o.life_s, &o.life_operating_s, &o.salvage,
                        &o.battery_pack_cost, &o.battery_cycle_life, &o.maintenance_share_per_year,
                        &o.maintenance_per_operating_s, &o.maintenance_per_failure, &o.insurance,
                        &o.software}) {
            f(*p);
        }
        auto& r = v.raas;
        for (auto* p : {&r.fee, &r.per_delivery, &r.per_active_s, &r.minimum_active_s,
                        &r.onboarding, &r.escalator}) {
            f(*p);
        }
    }
}

}  // namespace lastmile::scenario
