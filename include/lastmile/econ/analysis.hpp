#pragma once
/// Everything the economics report shows: the costs of the run as simulated, the volume at
/// which owning and renting cost the same, cost per delivery against volume, and a
/// one-at-a-time sensitivity (tornado) over the parameters' low-high ranges.

#include <optional>
#include <string>
#include <vector>

#include <lastmile/econ/cost_model.hpp>

namespace lastmile::econ {

struct SensitivityRow {
    std::string key;  ///< the parameter's key path
    std::string unit;
    double low = 0;
    double high = 0;
    /// Cost per delivery, USD, with the parameter at its low and at its high value.
    double owned_at_low = 0;
    double owned_at_high = 0;
    double raas_at_low = 0;
    double raas_at_high = 0;
    /// How far the owned-minus-RaaS difference moves across the range (the tornado's order).
    double swing() const;
};

struct VolumePoint {
    double volume = 0;  ///< activity over the simulated activity
    /// Time on mission over the time in service of the busiest type's fleet at this volume:
    /// above 1 the fleet could not do the work, and the point is an extrapolation.
    double fleet_utilisation = 0;
    double deliveries_per_year = 0;
    double owned_cost_per_delivery_usd = 0;
    double raas_cost_per_delivery_usd = 0;
};

struct EconomicsReport {
    Costs costs;
    /// Deliveries a year at which both options cost the same, with the fleet held fixed;
    /// nothing when one option is cheaper at every volume from 1/64 of the run's up to what
    /// the fleet could carry (the busiest type on missions all the time, at most 64 times).
    std::optional<double> break_even_deliveries_per_year;
    std::vector<SensitivityRow> sensitivity;  ///< largest swing first
    std::vector<VolumePoint> volume_curve;
};

/// The volume at which the busiest type's fleet would be on missions all the time.
double capacity_volume(const Activity& activity);

EconomicsReport analyse(const scenario::EconomicsSpec& spec, const Activity& activity);

}  // namespace lastmile::econ
