#pragma once
/// Quantities with units, as written in scenario files ("12 m/s", "30 min", "2.5 kWh").
///
/// Each quantity is parsed once, on load, into the internal unit of its dimension:
///
/// | dimension          | internal unit | accepted units                                  |
/// |--------------------|---------------|-------------------------------------------------|
/// | length             | m             | mm cm m km ft mi nmi                            |
/// | duration           | s             | ms s min h d month year                         |
/// | speed              | m/s           | m/s km/h mph kn                                 |
/// | mass               | kg            | g kg lb                                         |
/// | energy             | Wh            | J kJ MJ Wh kWh                                  |
/// | power              | W             | W kW                                            |
/// | energy per length  | Wh/m          | Wh/m Wh/km kWh/km J/m kJ/km MJ/km               |
/// | rate               | 1/s           | /s /min /h /d                                   |
/// | fraction           | 1             | % or a bare number                              |
/// | density            | kg/m^3        | kg/m^3 kg/m3 g/cm^3                             |
/// | angle              | rad           | deg rad                                         |
/// | money              | USD           | USD kUSD                                        |
/// | money per time     | USD/s         | USD/h USD/d USD/month USD/year                  |
/// | money per energy   | USD/Wh        | USD/Wh USD/kWh USD/MWh                          |
///
/// Energy is kept in watt-hours, the unit batteries are specified in, so names carry `_wh`.
/// docs/units.md is the user-facing list; a test keeps the two in step.

#include <string>
#include <string_view>
#include <vector>

namespace lastmile::scenario {

enum class Dimension {
    length,
    duration,
    speed,
    mass,
    energy,
    power,
    energy_per_length,
    rate,
    fraction,
    density,
    angle,
    money,
    money_per_time,
    money_per_energy,
};

/// A human name for the dimension with an example, for error messages: "a speed (e.g. '12 m/s')".
std::string describe(Dimension dimension);

struct UnitInfo {
    std::string_view symbol;
    Dimension dimension;
    double to_internal;  ///< multiply a value in this unit by this to get the internal unit
};

/// Every accepted unit, in the order they are documented.
const std::vector<UnitInfo>& unit_table();

/// The symbol of the internal unit of a dimension ("m/s", "Wh", "1" for fractions).
std::string internal_unit(Dimension dimension);

/// Why a quantity could not be parsed, and where in the text (0-based offset).
struct QuantityError {
    std::string message;
    std::size_t offset = 0;
};

/// Parses "<number> <unit>" into the internal unit of `expected`. A fraction also accepts a
/// bare number. Returns false and fills `error` when the text is not a finite number followed
/// by a unit of the expected dimension.
bool parse_quantity(std::string_view text, Dimension expected, double& value, QuantityError& error);

}  // namespace lastmile::scenario
