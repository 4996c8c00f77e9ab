#include <algorithm>
#include <cmath>

#include <lastmile/kernel/portable_math.hpp>
#include <lastmile/model/charging.hpp>

namespace lastmile::model {

double charge_time_s(const scenario::ChargerSpec& charger, double usable_wh, double from_wh,
                     double to_wh) {
    if (to_wh <= from_wh || usable_wh <= 0) {
        return 0;
    }
    const double p = charger.power_w;
    const double s_taper = charger.taper_above_fraction;
    const double floor = charger.taper_floor_fraction;
    // In the taper, P(s) = p (1 - s) / (1 - s_taper) until it reaches floor * p at s_floor.
    const double s_floor = 1 - floor * (1 - s_taper);
    const double a = from_wh / usable_wh;
    const double b = to_wh / usable_wh;
    double hours = 0;
    // Constant power below the taper.
    if (a < s_taper) {
        hours += (std::min(b, s_taper) - a) * usable_wh / p;
    }
    // Tapering: dt = C ds / P(s) integrates to C (1 - s_t) / p * ln((1 - s0) / (1 - s1)).
    const double t0 = std::max(a, s_taper);
    const double t1 = std::min(b, s_floor);
    if (t1 > t0 && s_taper < 1) {
        hours += usable_wh * (1 - s_taper) / p * kernel::portable::log((1 - t0) / (1 - t1));
    }
    // The floor: constant power again.
    const double f0 = std::max(a, s_floor);
    if (b > f0) {
        hours += (b - f0) * usable_wh / (floor * p);
    }
    return hours * 3600.0;
}

}  // namespace lastmile::model
