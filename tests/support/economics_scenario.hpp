#pragma once
// The tiny scenario (one depot, drones of type q) with a minimal economics section that tests
// edit one figure at a time.

#include <stdexcept>
#include <string>

#include "support/tiny_scenario.hpp"

namespace lastmile::testing {

inline std::string economics_section() {
    return R"(economics:
  finance: {horizon: "5 year", discount_rate: "8 %", operating_days: 300}
  energy: {price: "0.20 USD/kWh", charger_efficiency: "90 %"}
  operators:
    drones: {vehicles_per_operator: 2, wage: "30 USD/h", burden: 1.3, min_crew: 1}
  vehicles:
    - type: q
      owned:
        unit_price: "20000 USD"
        life: "4 year"
        maintenance: {share_of_price: "10 %"}
      raas:
        fee: "1500 USD/month"
        includes: [maintenance]
)";
}

/// The tiny scenario with the economics section, after `edit` replaced `from` with `to` in it.
inline std::string tiny_with_economics(const std::string& from = "", const std::string& to = "") {
    std::string econ = economics_section();
    if (!from.empty()) {
        const auto at = econ.find(from);
        if (at == std::string::npos) {
            throw std::logic_error("no '" + from + "' in the economics section");
        }
        econ.replace(at, from.size(), to);
    }
    return tiny_scenario() + econ;
}

}  // namespace lastmile::testing
