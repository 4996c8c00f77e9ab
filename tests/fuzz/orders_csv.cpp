// Fuzzes the orders CSV reader with the input as the file. Orders it accepts must be within
// the documented bounds and sorted by time.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "loader_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    lastmile::fuzz::expect_success_or_input_error([&] {
        const auto orders = lastmile::scenario::detail::read_orders_csv(text, "orders.csv");
        double previous = 0;
        for (const auto& order : orders) {
            const bool valid =
                !order.id.empty() && order.time_s >= previous && order.time_s <= 366 * 86400.0 &&
                std::abs(order.location.lat_deg) <= 90 && std::abs(order.location.lon_deg) <= 180 &&
                order.weight_kg > 0 && order.weight_kg <= 10'000 && order.promise_s > 0;
            if (!valid) {
                lastmile::fuzz::finding("an accepted order is out of bounds or out of order: " +
                                        order.id);
            }
            previous = order.time_s;
        }
    });
    return 0;
}
