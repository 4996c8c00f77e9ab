#include <charconv>
#include <cmath>

#include <lastmile/scenario/units.hpp>

namespace lastmile::scenario {

std::string describe(Dimension dimension) {
    switch (dimension) {
        case Dimension::length:
            return "a length (e.g. '2.5 km')";
        case Dimension::duration:
            return "a duration (e.g. '30 min')";
        case Dimension::speed:
            return "a speed (e.g. '12 m/s')";
        case Dimension::mass:
            return "a mass (e.g. '4 kg')";
        case Dimension::energy:
            return "an energy (e.g. '2.5 kWh')";
        case Dimension::power:
            return "a power (e.g. '500 W')";
        case Dimension::energy_per_length:
            return "an energy per distance (e.g. '22 Wh/km')";
        case Dimension::rate:
            return "a rate (e.g. '40 /h')";
        case Dimension::fraction:
            return "a fraction (e.g. '20 %' or 0.2)";
        case Dimension::density:
            return "a density (e.g. '1.225 kg/m^3')";
        case Dimension::angle:
            return "an angle (e.g. '270 deg')";
        case Dimension::money:
            return "an amount of money (e.g. '5000 USD')";
        case Dimension::money_per_time:
            return "an amount of money per time (e.g. '30 USD/h' or '1500 USD/month')";
        case Dimension::money_per_energy:
            return "a price of energy (e.g. '0.20 USD/kWh')";
    }
    return "a quantity";
}

namespace {
constexpr double kYear_s = 365.25 * 86400;  // the Julian year; a month is a twelfth of it
}  // namespace

const std::vector<UnitInfo>& unit_table() {
    static const std::vector<UnitInfo> table{
        {"mm", Dimension::length, 1e-3},
        {"cm", Dimension::length, 1e-2},
        {"m", Dimension::length, 1.0},
        {"km", Dimension::length, 1e3},
        {"ft", Dimension::length, 0.3048},
        {"mi", Dimension::length, 1609.344},
        {"nmi", Dimension::length, 1852.0},
        {"ms", Dimension::duration, 1e-3},
        {"s", Dimension::duration, 1.0},
        {"min", Dimension::duration, 60.0},
        {"h", Dimension::duration, 3600.0},
        {"d", Dimension::duration, 86400.0},
        {"month", Dimension::duration, kYear_s / 12},
        {"year", Dimension::duration, kYear_s},
        {"m/s", Dimension::speed, 1.0},
        {"km/h", Dimension::speed, 1.0 / 3.6},
        {"mph", Dimension::speed, 0.44704},
        {"kn", Dimension::speed, 1852.0 / 3600.0},
        {"g", Dimension::mass, 1e-3},
        {"kg", Dimension::mass, 1.0},
        {"lb", Dimension::mass, 0.45359237},
        {"J", Dimension::energy, 1.0 / 3600.0},
        {"kJ", Dimension::energy, 1e3 / 3600.0},
        {"MJ", Dimension::energy, 1e6 / 3600.0},
        {"Wh", Dimension::energy, 1.0},
        {"kWh", Dimension::energy, 1e3},
        {"W", Dimension::power, 1.0},
        {"kW", Dimension::power, 1e3},
        {"Wh/m", Dimension::energy_per_length, 1.0},
        {"Wh/km", Dimension::energy_per_length, 1e-3},
        {"kWh/km", Dimension::energy_per_length, 1.0},
        {"J/m", Dimension::energy_per_length, 1.0 / 3600.0},
        {"kJ/km", Dimension::energy_per_length, 1.0 / 3600.0},
        {"MJ/km", Dimension::energy_per_length, 1e3 / 3600.0},
        {"/s", Dimension::rate, 1.0},
        {"/min", Dimension::rate, 1.0 / 60.0},
        {"/h", Dimension::rate, 1.0 / 3600.0},
        {"/d", Dimension::rate, 1.0 / 86400.0},
        {"%", Dimension::fraction, 0.01},
        {"kg/m^3", Dimension::density, 1.0},
        {"kg/m3", Dimension::density, 1.0},
        {"g/cm^3", Dimension::density, 1000.0},
        {"deg", Dimension::angle, 3.14159265358979323846 / 180.0},
        {"rad", Dimension::angle, 1.0},
        {"USD", Dimension::money, 1.0},
        {"kUSD", Dimension::money, 1e3},
        {"USD/h", Dimension::money_per_time, 1.0 / 3600.0},
        {"USD/d", Dimension::money_per_time, 1.0 / 86400.0},
        {"USD/month", Dimension::money_per_time, 12 / kYear_s},
        {"USD/year", Dimension::money_per_time, 1 / kYear_s},
        {"USD/Wh", Dimension::money_per_energy, 1.0},
        {"USD/kWh", Dimension::money_per_energy, 1e-3},
        {"USD/MWh", Dimension::money_per_energy, 1e-6},
    };
    return table;
}

std::string internal_unit(Dimension dimension) {
    for (const auto& unit : unit_table()) {
        if (unit.dimension == dimension && unit.to_internal == 1.0) {
            return std::string(unit.symbol);
        }
    }
    // Not accepted in files, but what the values are in.
    return dimension == Dimension::money_per_time ? "USD/s" : "1";
}

namespace {

std::string units_of(Dimension dimension) {
    std::string out;
    for (const auto& unit : unit_table()) {
        if (unit.dimension == dimension) {
            out += out.empty() ? "" : ", ";
            out += unit.symbol;
        }
    }
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

}  // namespace

bool parse_quantity(std::string_view text, Dimension expected, double& value,
                    QuantityError& error) {
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) {
        ++i;
    }
    const std::size_t number_start = i;
    // from_chars rejects a leading '+', which people do write; skip it.
    if (i < text.size() && text[i] == '+') {
        ++i;
    }
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), number,
                                           std::chars_format::general);
    if (ec != std::errc{} || end == text.data() + i) {
        error = {"expected " + describe(expected) + ", found '" + std::string(text) + "'",
                 number_start};
        return false;
    }
    if (!std::isfinite(number)) {
        error = {"expected a finite number, found '" + std::string(text) + "'", number_start};
        return false;
    }
    i = static_cast<std::size_t>(end - text.data());
    while (i < text.size() && is_space(text[i])) {
        ++i;
    }
    std::size_t unit_end = text.size();
    while (unit_end > i && is_space(text[unit_end - 1])) {
        --unit_end;
    }
    const std::string_view symbol = text.substr(i, unit_end - i);

    if (symbol.empty()) {
        if (expected == Dimension::fraction) {
            value = number;
            return true;
        }
        error = {"missing unit: expected " + describe(expected) + ", found '" + std::string(text) +
                     "' (accepted units: " + units_of(expected) + ")",
                 i};
        return false;
    }
    for (const auto& unit : unit_table()) {
        if (unit.symbol != symbol) {
            continue;
        }
        if (unit.dimension != expected) {
            error = {"wrong kind of unit: expected " + describe(expected) + ", found '" +
                         std::string(text) + "', which is " + describe(unit.dimension),
                     i};
            return false;
        }
        value = number * unit.to_internal;
        if (!std::isfinite(value)) {
            error = {"value out of range: '" + std::string(text) + "'", number_start};
            return false;
        }
        return true;
    }
    error = {"unknown unit '" + std::string(symbol) + "': expected " + describe(expected) +
                 " (accepted units: " + units_of(expected) + ")",
             i};
    return false;
}

}  // namespace lastmile::scenario
