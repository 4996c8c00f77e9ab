#pragma once
/// How long a battery takes to charge.
///
/// Constant power up to the taper threshold, then power proportional to the charge still
/// missing (the constant-voltage phase of CC-CV charging), never below the floor fraction of
/// full power. Each piece has a closed form, so charge times are exact, not stepped.

#include <lastmile/scenario/spec.hpp>

namespace lastmile::model {

/// Seconds to charge a battery of `usable_wh` from `from_wh` to `to_wh` (0 <= from <= to <=
/// usable) on `charger`.
double charge_time_s(const scenario::ChargerSpec& charger, double usable_wh, double from_wh,
                     double to_wh);

/// The same at a constant power with no taper (battery-swap pack chargers).
inline double constant_power_charge_time_s(double power_w, double from_wh, double to_wh) {
    return (to_wh - from_wh) / power_w * 3600.0;
}

}  // namespace lastmile::model
