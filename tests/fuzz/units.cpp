// Fuzzes the quantity parser ("12 m/s", "30 min") with the input as the text, in every
// dimension: it either gives a finite value or an error located within the text.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <lastmile/scenario/units.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using lastmile::scenario::Dimension;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (int d = 0; d <= static_cast<int>(Dimension::money_per_energy); ++d) {
        const auto dimension = static_cast<Dimension>(d);
        double value = 0;
        lastmile::scenario::QuantityError error;
        lastmile::fuzz::expect_success_or_input_error([&] {
            if (lastmile::scenario::parse_quantity(text, dimension, value, error)) {
                if (!std::isfinite(value)) {
                    lastmile::fuzz::finding("parse_quantity accepted a value that is not finite");
                }
            } else if (error.message.empty() || error.offset > text.size()) {
                lastmile::fuzz::finding("parse_quantity failed without a located message");
            }
        });
    }
    return 0;
}
